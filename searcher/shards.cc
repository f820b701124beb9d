#include "shards.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "schema.h"

namespace fns {

namespace fs = std::filesystem;

namespace {

// Xapian's test for a stub: a file, or a folder with a XAPIANDB file in it.
std::optional<fs::path> stub_file_of(const std::string& path) {
    std::error_code error;
    if (fs::is_regular_file(path, error)) return fs::path(path);
    if (fs::is_directory(path, error) && fs::is_regular_file(fs::path(path) / "XAPIANDB", error))
        return fs::path(path) / "XAPIANDB";
    return std::nullopt;
}

void add_shards(const std::string& path, std::vector<Shard>& shards, int depth) {
    const auto stub = stub_file_of(path);
    if (!stub) {
        shards.push_back({path, false, path, {}});
        return;
    }
    if (depth > 8) throw std::runtime_error(fmt::format("{}: stub files nested too deep (a loop?)", path));
    std::ifstream in(*stub);
    if (!in) throw std::runtime_error(fmt::format("{}: cannot read the stub file", stub->string()));
    const fs::path base = stub->parent_path();
    size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#') continue;
        const size_t space = line.find_first_of(" \t", start);
        const std::string kind = line.substr(start, space - start);
        const size_t arg_start = space == std::string::npos ? std::string::npos : line.find_first_not_of(" \t", space);
        const std::string arg = arg_start == std::string::npos ? "" : line.substr(arg_start);
        const std::string where = fmt::format("{} line {}", stub->string(), number);
        if ((kind == "auto" || kind == "glass" || kind == "chert") && !arg.empty()) {
            const fs::path target = fs::path(arg).is_absolute() ? fs::path(arg) : base / arg;
            add_shards(target.string(), shards, depth + 1);
        } else if (kind == "remote" && !arg.empty()) {
            Shard shard{fmt::format("remote {} ({})", arg, where), true, arg, {}};
            if (arg[0] == ':') {
                shard.context = "remote:prog(" + arg.substr(1) + ")";
            } else {
                shard.context = "remote:tcp(" + arg + ")";
            }
            shards.push_back(shard);
        } else {
            throw std::runtime_error(fmt::format("{}: '{}' is not a stub line this searcher reads "
                                                 "(auto PATH, glass PATH, remote HOST:PORT, remote :PROGRAM ARGS)",
                                                 where, line));
        }
    }
}

Xapian::Database open_remote(const Shard& shard, const ShardOptions& options) {
    const unsigned timeout_ms =
        options.timeout_seconds ? static_cast<unsigned>(std::lround(*options.timeout_seconds * 1000)) : 10000;
    if (shard.location[0] == ':') {
        const std::string command = shard.location.substr(1);
        const size_t space = command.find(' ');
        return Xapian::Remote::open(command.substr(0, space), space == std::string::npos ? "" : command.substr(space + 1),
                                    timeout_ms);
    }
    const size_t colon = shard.location.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == shard.location.size())
        throw ShardError(fmt::format("{}: expected HOST:PORT", shard.name));
    unsigned port = 0;
    try {
        size_t used = 0;
        port = static_cast<unsigned>(std::stoul(shard.location.substr(colon + 1), &used));
        if (used != shard.location.size() - colon - 1 || port == 0 || port > 65535) throw std::out_of_range("port");
    } catch (const std::exception&) {
        throw ShardError(fmt::format("{}: '{}' is not a port", shard.name, shard.location.substr(colon + 1)));
    }
    return Xapian::Remote::open(shard.location.substr(0, colon), port, timeout_ms, timeout_ms);
}

}  // namespace

std::vector<Shard> list_shards(const std::vector<std::string>& paths) {
    std::vector<Shard> shards;
    for (const std::string& path : paths) add_shards(path, shards, 0);
    return shards;
}

ShardSet::ShardSet(const std::vector<std::string>& paths, const ShardOptions& options) : options_(options) {
    for (const Shard& shard : list_shards(paths)) {
        if (!shard.remote) {  // a local database that does not open is no network failure: always an error
            opened_.push_back(schema::open_for_search(shard.location));
            shards_.push_back(shard);
            continue;
        }
        try {
            Xapian::Database db = open_remote(shard, options_);
            schema::check_schema(db, shard.name);
            schema::load_record_dictionary(db);
            opened_.push_back(db);
            shards_.push_back(shard);
        } catch (const Xapian::NetworkError& error) {
            if (!options_.allow_partial) fail(shard, error.get_msg());
            missing_.push_back(fmt::format("{}: {}", shard.name, error.get_msg()));
        }
    }
    if (shards_.empty() && !missing_.empty()) throw ShardError("no shard answered: " + missing_.front());
    rebuild();
}

bool ShardSet::any_remote() const {
    for (const Shard& shard : shards_)
        if (shard.remote) return true;
    return false;
}

void ShardSet::load_record_dictionaries() const {
    for (const Xapian::Database& db : opened_) schema::load_record_dictionary(db);
}

void ShardSet::rebuild() {
    database_ = Xapian::Database();
    for (const Xapian::Database& db : opened_) database_.add_database(db);
}

void ShardSet::fail(const Shard& shard, const std::string& reason) const {
    const std::string limit =
        options_.timeout_seconds ? fmt::format("{} s", *options_.timeout_seconds) : std::string("10 s (Xapian's default)");
    throw ShardError(fmt::format("shard {} did not answer (timeout {}): {}", shard.name, limit, reason));
}

bool ShardSet::handle_failure(const Xapian::Error& error) {
    if (std::string_view(error.get_type()).find("Network") == std::string_view::npos) return false;
    const std::string context = error.get_context();
    for (size_t i = 0; i < shards_.size(); ++i) {
        if (!shards_[i].remote || context.find(shards_[i].context) == std::string::npos) continue;
        if (!options_.allow_partial || shards_.size() == 1) fail(shards_[i], error.get_msg());
        missing_.push_back(fmt::format("{}: {}", shards_[i].name, error.get_msg()));
        shards_.erase(shards_.begin() + static_cast<long>(i));
        opened_.erase(opened_.begin() + static_cast<long>(i));
        rebuild();
        return true;
    }
    throw ShardError(fmt::format("a remote shard did not answer: {} ({})", error.get_msg(), context));
}

}  // namespace fns

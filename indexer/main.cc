// indexer: turns folders of French news (text pages, HTML pages, JSON Lines) into a Xapian database.
// Exit codes: 0 all done; 1 done, but some files or records were skipped (each reported on stderr);
// 2 usage error; 3 database error (locked by another indexer, unreadable, wrong schema, not a database);
// 4 refused: the run would delete most of the database (--allow-mass-delete).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <libxml/parser.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <nlohmann/json.hpp>
#include <string>

#include "command_line.h"
#include <vector>

#include "encoding.h"
#include "index_writer.h"
#include "pipeline.h"
#include "version.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSkipped = 1;
constexpr int kExitUsage = 2;
constexpr int kExitDatabase = 3;
constexpr int kExitMassDelete = 4;

constexpr const char* kUsage = R"(usage: indexer --db DIR [options] PATH...
       indexer --extract-only PATH...

Indexes the news articles found in each PATH (a file, or a folder searched recursively) into the Xapian
database DIR, created if needed. Reads .txt pages (title on the first line), .html/.htm pages and
.jsonl/.json records {"id","date","title","body",...}. A re-run indexes only what changed and deletes the
articles of files gone from the folders given.

Two files holding a record with the same id: the file whose path comes first owns it; the other is
reported and kept on record, and takes over if the first drops the id. A run that would delete more than
half of the articles (and more than 10) because their files are gone is refused (exit code 4).

options:
  --db DIR              the database to create or update (a new or empty folder, or a database)
  --threads N           analysis threads (default: one per core)
  --shards N            write N shards under DIR (DIR/shard1 ... DIR/shardN) and a stub file DIR/XAPIANDB,
                        so that the searcher (or xapian-tcpsrv) opens DIR as one database; each article
                        goes to the shard a stable hash of its id names, on every run
  --shard K/N           index only the articles of shard K of N into DIR: N machines each build one shard
                        from the same folders (list them in a stub file to search them as one)
  --force               read every file again, even those unchanged since the last run
  --allow-mass-delete   let this run delete most of the database (files gone from the folders given)
  --extract-only        print what would be indexed, one JSON object per article, and write nothing
  --quiet               no progress line and no summary
  --verbose             one line for each file
  --version             the version and the index schema version
  --help                this text

exit codes: 0 done; 1 done, some files or records skipped; 2 usage error; 3 database error (locked,
not a database, ...); 4 refused: the run would delete most of the database
)";

struct CommandLine {
    std::string db;
    std::vector<std::string> paths;
    unsigned threads = 0;
    unsigned shards = 0;                      // --shards N
    std::optional<fns::ShardFilter> shard;    // --shard K/N
    bool extract_only = false;
    bool quiet = false;
    bool verbose = false;
    bool force = false;
    bool allow_mass_delete = false;
};

// The value of `option`: a whole number from 1 to `max`, written alone.
unsigned whole_number(const std::string& option, const std::string& text, unsigned max) {
    unsigned number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size() || number < 1 || number > max)
        throw fns::UsageError(fmt::format("{} takes a number from 1 to {}, not '{}'", option, max, text));
    return number;
}

CommandLine parse_command_line(int argc, char** argv) {
    CommandLine command;
    fns::ArgumentReader arguments(argc, argv);
    while (arguments.next()) {
        const std::string& arg = arguments.arg();
        const auto value = [&] { return arguments.value(); };
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(kExitOk);
        } else if (arg == "--version") {
            std::puts(fns::version_line("indexer").c_str());
            std::exit(kExitOk);
        } else if (arg == "--db") {
            command.db = value();
        } else if (arg == "--threads") {
            command.threads = whole_number(arg, value(), 256);
        } else if (arg == "--shards") {
            command.shards = whole_number(arg, value(), 1024);
        } else if (arg == "--shard") {
            const std::string text = value();
            unsigned k = 0, n = 0;
            char slash = 0;
            std::istringstream in(text);
            if (!(in >> k >> slash >> n) || slash != '/' || !in.eof() || k < 1 || n < 1 || k > n || n > 1024)
                throw fns::UsageError("--shard takes K/N with 1 <= K <= N, such as 2/4, not '" + text + "'");
            command.shard = fns::ShardFilter{k - 1, n};
        } else if (arg == "--force") {
            command.force = true;
        } else if (arg == "--allow-mass-delete") {
            command.allow_mass_delete = true;
        } else if (arg == "--extract-only") {
            command.extract_only = true;
        } else if (arg == "--quiet" || arg == "-q") {
            command.quiet = true;
        } else if (arg == "--verbose" || arg == "-v") {
            command.verbose = true;
        } else if (arg.starts_with("-") && arg != "-") {
            throw fns::UsageError("unknown option " + arg);
        } else {
            command.paths.push_back(arg);
        }
    }
    if (command.paths.empty()) throw fns::UsageError("no PATH to index");
    if (!command.extract_only && command.db.empty()) throw fns::UsageError("--db DIR is required");
    if (command.shards && command.shard) throw fns::UsageError("give either --shards N or --shard K/N");
    return command;
}

int extract_only(const CommandLine& command) {
    const fns::WalkResult walk = fns::find_sources(command.paths);
    bool skipped = !walk.problems.empty();
    for (const auto& problem : walk.problems) spdlog::error("{}: {}", problem.path, problem.reason);
    for (const fns::SourceFile& file : walk.files) {
        try {
            const fns::FileRead read = fns::extract_file(
                file,
                [&](fns::ExtractedArticle&& extracted) {
                    const fns::Article& a = extracted.article;
                    nlohmann::json record = {{"path", file.path.string()}, {"id", a.id}, {"title", a.title},
                                             {"published", a.published ? nlohmann::json(a.published->iso()) : nullptr},
                                             {"updated", a.updated ? nlohmann::json(a.updated->iso()) : nullptr},
                                             {"date_source", extracted.date_source}, {"charset", extracted.charset},
                                             {"url", a.url}, {"source", a.source}, {"author", a.author},
                                             {"body", a.body}};
                    std::cout << record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
                    for (const std::string& warning : extracted.warnings)
                        spdlog::warn("{}: {}", file.path.string(), warning);
                },
                [&](const std::string& where, const std::string& reason) {
                    spdlog::warn("{}: {}: {}", file.path.string(), where, reason);
                    skipped = true;
                });
            fns::report_repairs(file.path.string(), read.invalid_utf8, read.nul_bytes);
        } catch (const fns::InputError& error) {
            spdlog::error("{}: {}", file.path.string(), error.what());
            skipped = true;
        }
    }
    return skipped ? kExitSkipped : kExitOk;
}

void print_summary(const fns::IndexSummary& s) {
    std::string reasons;
    for (const auto& [reason, count] : s.skip_reasons) reasons += fmt::format("{}{}: {}", reasons.empty() ? " (" : ", ", reason, count);
    if (!reasons.empty()) reasons += ")";
    fmt::print("files: {} seen, {} indexed, {} unchanged, {} skipped{}, {} not news formats, {} removed, {} hidden, "
               "{} links to folders not followed\n",
               s.files_seen, s.files_indexed, s.files_unchanged, s.files_skipped, reasons, s.files_ignored,
               s.files_removed, s.files_hidden, s.linked_folders);
    fmt::print("articles: {} indexed, {} bad records skipped, {} deleted, {} near-duplicates, {} duplicate ids, "
               "{} undated; {} in the database\n",
               s.articles_indexed, s.records_skipped, s.articles_deleted, s.duplicates, s.duplicate_ids, s.undated,
               s.total_documents);
    const double seconds = std::max(s.seconds, 1e-6);
    fmt::print("time: {:.2f} s, {:.0f} articles/s, {:.1f} MB/s\n", s.seconds, s.articles_indexed / seconds,
               s.bytes_read / seconds / 1e6);
}

// The shard folders a stub file written by --shards lists, in order; empty when `stub` does not exist.
std::vector<std::string> shards_listed(const std::filesystem::path& stub) {
    std::vector<std::string> shards;
    std::ifstream in(stub);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("auto ")) shards.push_back(line.substr(5));
    return shards;
}

// --shards N: one pass per shard over the same files, each analysing and writing only its shard's articles
// (reading is repeated, analysis and writing are not); then the stub file that makes DIR one database.
fns::IndexSummary run_sharded(const CommandLine& command, fns::IndexOptions options) {
    namespace fs = std::filesystem;
    const fs::path dir = command.db;
    const fs::path stub = dir / "XAPIANDB";
    std::vector<std::string> names;
    for (unsigned k = 1; k <= command.shards; ++k) names.push_back(fmt::format("shard{}", k));
    std::error_code error;
    if (fs::exists(stub, error)) {
        if (shards_listed(stub) != names)
            throw fns::DatabaseOpenError(fmt::format("{}: holds {} shards, not {}: give --shards {}", command.db,
                                                     shards_listed(stub).size(), command.shards,
                                                     shards_listed(stub).size()));
    } else if (fs::exists(dir, error) && !fs::is_empty(dir, error)) {
        throw fns::DatabaseOpenError(fmt::format(
            "{}: exists and is not a sharded index written by --shards; refusing to write in it", command.db));
    }
    fs::create_directories(dir);
    // The stub first: an interrupted first run leaves a folder the next run knows as its own.
    if (!fs::exists(stub, error)) {
        const fs::path partial = dir / "XAPIANDB.partial";
        {
            std::ofstream out(partial);
            out << fmt::format("# {} shards written by indexer --shards {}: an article goes to the shard its id's "
                               "hash names\n", command.shards, command.shards);
            for (const std::string& name : names) out << "auto " << name << "\n";
            if (!out.flush()) throw fns::DatabaseOpenError(fmt::format("{}: cannot write the stub file", partial.string()));
        }
        fs::rename(partial, stub);
    }
    fns::IndexSummary total;
    const auto level = spdlog::get_level();
    for (unsigned k = 0; k < command.shards; ++k) {
        options.db_path = (dir / names[k]).string();
        options.shard = fns::ShardFilter{k, command.shards};
        // Each pass reads the same files: their problems are reported by the first only.
        if (k > 0) spdlog::set_level(spdlog::level::off);
        fns::IndexSummary pass;
        try {
            pass = fns::run_indexer(options);
        } catch (...) {
            spdlog::set_level(level);
            throw;
        }
        spdlog::set_level(level);
        if (k == 0) {
            total = pass;
        } else {
            total.articles_indexed += pass.articles_indexed;
            total.articles_deleted += pass.articles_deleted;
            total.duplicates += pass.duplicates;
            total.undated += pass.undated;
            total.total_documents += pass.total_documents;
            total.seconds += pass.seconds;
        }
    }
    return total;
}

}  // namespace

int main(int argc, char** argv) {
    auto logger = spdlog::stderr_color_st("indexer");
    logger->set_pattern("indexer: %^%l%$: %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::warn);
    xmlInitParser();  // libxml2's global state, once, before the worker threads parse pages

    CommandLine command;
    try {
        command = parse_command_line(argc, argv);
    } catch (const fns::UsageError& error) {
        std::fprintf(stderr, "indexer: %s\n%s", error.what(), kUsage);
        return kExitUsage;
    }
    if (command.verbose) spdlog::set_level(spdlog::level::info);
    if (command.extract_only) return extract_only(command);

    fns::IndexOptions options;
    options.db_path = command.db;
    options.inputs = command.paths;
    options.threads = command.threads;
    options.progress = !command.quiet && ::isatty(STDERR_FILENO);
    options.shard = command.shard;
    options.force = command.force;
    options.allow_mass_delete = command.allow_mass_delete;
    try {
        const fns::IndexSummary summary = command.shards ? run_sharded(command, options) : fns::run_indexer(options);
        if (!command.quiet) print_summary(summary);
        return summary.files_skipped + summary.records_skipped > 0 ? kExitSkipped : kExitOk;
    } catch (const fns::MassDeleteError& error) {
        spdlog::error("{}", error.what());
        return kExitMassDelete;
    } catch (const fns::DatabaseOpenError& error) {
        spdlog::error("{}", error.what());
        return kExitDatabase;
    } catch (const Xapian::Error& error) {
        spdlog::error("{}: database error: {}", command.db, error.get_description());
        return kExitDatabase;
    } catch (const std::runtime_error& error) {  // schema mismatch and the like
        spdlog::error("{}", error.what());
        return kExitDatabase;
    }
}

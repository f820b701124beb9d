#include "e2e_util.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xapian.h>

#include <fstream>
#include <random>
#include <regex>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace fns::test {

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

pid_t spawn(const std::string& program, const std::vector<std::string>& args, const std::string& out_path,
            const std::string& err_path, bool new_session = false) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    if (new_session) posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    pid_t pid = 0;
    const int error = posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("cannot run " + program);
    return pid;
}

int decode_status(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

// Polls for the exit of `pid` up to `timeout`; the exit code, or nullopt.
std::optional<int> wait_pid(pid_t pid, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return decode_status(status);
        if (done < 0) return -1;
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace

RunResult run(const std::string& program, const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
    TempDir capture;
    const std::string out_path = capture / "out";
    const std::string err_path = capture / "err";
    const pid_t pid = spawn(program, args, out_path, err_path);
    std::optional<int> code = wait_pid(pid, timeout);
    if (!code) {
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        code = decode_status(status);
    }
    RunResult result;
    result.exit_code = *code;
    result.out = slurp(out_path);
    result.err = slurp(err_path);
    return result;
}

RunResult run_indexer(const std::vector<std::string>& args) { return run(FNS_INDEXER, args); }
RunResult run_searcher(const std::vector<std::string>& args) { return run(FNS_SEARCHER, args); }

std::vector<nlohmann::json> parse_json_lines(const std::string& text) {
    std::vector<nlohmann::json> records;
    for (const std::string& line : lines_of(text))
        if (!line.empty()) records.push_back(nlohmann::json::parse(line));
    return records;
}

std::vector<nlohmann::json> search_json_dbs(const std::vector<std::string>& dbs, std::vector<std::string> args) {
    std::vector<std::string> full;
    for (const std::string& db : dbs) full.insert(full.end(), {"--db", db});
    full.insert(full.end(), {"--format", "json"});
    full.insert(full.end(), args.begin(), args.end());
    const RunResult result = run_searcher(full);
    if (result.exit_code != 0)
        throw std::runtime_error("searcher failed (exit " + std::to_string(result.exit_code) + "): " + result.err);
    return parse_json_lines(result.out);
}

std::vector<nlohmann::json> search_json(const std::string& db, std::vector<std::string> args) {
    return search_json_dbs({db}, std::move(args));
}

std::vector<std::string> search_ids(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> ids;
    for (const nlohmann::json& hit : search_json(db, std::move(args))) ids.push_back(hit.at("id").get<std::string>());
    return ids;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::vector<std::string> lines_with(const std::string& text, const std::string& part) {
    std::vector<std::string> found;
    for (const std::string& line : lines_of(text))
        if (contains(line, part)) found.push_back(line);
    return found;
}

std::optional<Summary> parse_summary(const std::string& out) {
    static const std::regex files(
        R"(files: (\d+) seen, (\d+) indexed, (\d+) unchanged, (\d+) skipped.*, \d+ not news formats, (\d+) removed)");
    static const std::regex articles(
        R"(articles: (\d+) indexed, (\d+) bad records skipped, (\d+) deleted, .*; (\d+) in the database)");
    std::smatch f, a;
    if (!std::regex_search(out, f, files) || !std::regex_search(out, a, articles)) return std::nullopt;
    Summary s;
    s.seen = std::stol(f[1]);
    s.files_indexed = std::stol(f[2]);
    s.unchanged = std::stol(f[3]);
    s.skipped = std::stol(f[4]);
    s.removed = std::stol(f[5]);
    s.articles_indexed = std::stol(a[1]);
    s.bad_records = std::stol(a[2]);
    s.deleted = std::stol(a[3]);
    s.in_database = std::stol(a[4]);
    return s;
}

size_t doc_count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

std::vector<std::string> all_ids(const std::string& db) {
    const Xapian::Database database(db);
    std::vector<std::string> ids;
    for (auto it = database.allterms_begin("Q"); it != database.allterms_end("Q"); ++it) ids.push_back((*it).substr(1));
    return ids;
}

TempDir::TempDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() / ("fns-test-" + std::to_string(random()) + std::to_string(::getpid()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code error;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, error);
    fs::remove_all(path_, error);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    const fs::path path = path_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

Background::Background(const std::string& program, const std::vector<std::string>& args, bool new_session)
    : new_session_(new_session), pid_(spawn(program, args, capture_ / "out", capture_ / "err", new_session)) {}

Background::~Background() {
    if (pid_ > 0 && !exit_code_) {
        ::kill(new_session_ ? -pid_ : pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
}

bool Background::running() { return !wait_for(std::chrono::milliseconds(0)).has_value(); }

std::optional<int> Background::wait_for(std::chrono::milliseconds timeout) {
    if (!exit_code_) exit_code_ = wait_pid(pid_, timeout);
    return exit_code_;
}

void Background::kill_now(int signal) {
    if (!exit_code_) ::kill(pid_, signal);
}

void Background::stop_group() {
    if (exit_code_) return;
    const pid_t target = new_session_ ? -pid_ : pid_;
    ::kill(target, SIGTERM);
    if (wait_for(std::chrono::seconds(10))) return;
    ::kill(target, SIGKILL);
    wait_for(std::chrono::seconds(10));
}

std::string Background::out() const { return slurp(capture_.path() / "out"); }
std::string Background::err() const { return slurp(capture_.path() / "err"); }

void copy_tree(const std::string& from, const std::string& to) {
    fs::create_directories(fs::path(to).parent_path());
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

void touch_later(const std::string& path, int seconds) {
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(seconds));
}

const std::string& corpus_db() {
    static TempDir dir;
    static const std::string db = [] {
        const std::string path = dir / "corpus.db";
        const RunResult result = run_indexer({"--db", path, kCorpusDir});
        if (result.exit_code != 0)
            throw std::runtime_error("indexing corpus/ failed (exit " + std::to_string(result.exit_code) + "): " +
                                     result.err);
        return path;
    }();
    return db;
}

// A free TCP port on the loopback interface (the kernel picks it).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        return -1;
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

}  // namespace fns::test

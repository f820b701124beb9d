#include "e2e_util.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <random>
#include <stdexcept>

extern char** environ;

namespace fns::test {

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

RunResult run(const std::string& program, const std::vector<std::string>& args) {
    TempDir capture;
    const std::string out_path = capture / "out";
    const std::string err_path = capture / "err";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int error = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("cannot run " + program);
    int status = 0;
    waitpid(pid, &status, 0);
    RunResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = slurp(out_path);
    result.err = slurp(err_path);
    return result;
}

RunResult run_indexer(const std::vector<std::string>& args) { return run(FNS_INDEXER, args); }
RunResult run_searcher(const std::vector<std::string>& args) { return run(FNS_SEARCHER, args); }

std::vector<nlohmann::json> search_json(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db, "--format", "json"});
    const RunResult result = run_searcher(args);
    if (result.exit_code != 0) throw std::runtime_error("searcher failed: " + result.err);
    std::vector<nlohmann::json> hits;
    size_t start = 0;
    while (start < result.out.size()) {
        size_t end = result.out.find('\n', start);
        if (end == std::string::npos) end = result.out.size();
        if (end > start) hits.push_back(nlohmann::json::parse(result.out.substr(start, end - start)));
        start = end + 1;
    }
    return hits;
}

std::vector<std::string> search_ids(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> ids;
    for (const nlohmann::json& hit : search_json(db, std::move(args))) ids.push_back(hit.at("id").get<std::string>());
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

}  // namespace fns::test

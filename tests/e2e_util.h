// Running the real binaries from end-to-end tests, each test in its own temporary folder.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

// Containers in failure messages, instead of doctest's "{?}".
namespace doctest {
namespace fns_detail {
template <typename T>
void print(std::ostream& out, const T& value) {
    if constexpr (requires { out << value; })
        out << value;
    else if constexpr (requires { value.first; value.second; })
        out << "(" << value.first << ", " << value.second << ")";
    else
        out << "{?}";
}
}  // namespace fns_detail
template <typename T>
struct StringMaker<std::vector<T>> {
    static String convert(const std::vector<T>& values) {
        std::ostringstream out;
        out << "[";
        for (size_t i = 0; i < values.size(); ++i) {
            out << (i ? ", " : "");
            fns_detail::print(out, values[i]);
        }
        out << "]";
        return out.str().c_str();
    }
};
template <typename T>
struct StringMaker<std::set<T>> {
    static String convert(const std::set<T>& values) {
        std::ostringstream out;
        out << "{";
        bool first = true;
        for (const T& value : values) {
            out << (first ? "" : ", ");
            fns_detail::print(out, value);
            first = false;
        }
        out << "}";
        return out.str().c_str();
    }
};
}  // namespace doctest

namespace fns::test {

struct RunResult {
    int exit_code = -1;  // 128 + signal when killed by a signal
    std::string out;
    std::string err;
};

// Bounded waits: a hung binary fails its test (killed, exit code 128 + 9) instead of hanging the suite.
inline constexpr std::chrono::seconds kRunTimeout{180};

// Runs `program` with `args` (no shell), capturing stdout and stderr.
RunResult run(const std::string& program, const std::vector<std::string>& args,
              std::chrono::milliseconds timeout = kRunTimeout);

RunResult run_indexer(const std::vector<std::string>& args);
RunResult run_searcher(const std::vector<std::string>& args);

// The searcher's --format json output, decoded: one object per hit. Throws when the searcher fails.
std::vector<nlohmann::json> search_json(const std::string& db, std::vector<std::string> args);
// Several --db (shards).
std::vector<nlohmann::json> search_json_dbs(const std::vector<std::string>& dbs, std::vector<std::string> args);
// The ids of the hits, in rank order.
std::vector<std::string> search_ids(const std::string& db, std::vector<std::string> args);
// Decodes JSON Lines (throws on a line that is not JSON).
std::vector<nlohmann::json> parse_json_lines(const std::string& text);

// The lines of `text`, without their '\n'; no empty last line.
std::vector<std::string> lines_of(const std::string& text);
inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
// Lines of `text` that contain `part`.
std::vector<std::string> lines_with(const std::string& text, const std::string& part);

// The indexer's summary, decoded from its "files: ..." and "articles: ..." lines.
struct Summary {
    long seen = -1, files_indexed = -1, unchanged = -1, skipped = -1, removed = -1;
    long articles_indexed = -1, bad_records = -1, deleted = -1, in_database = -1;
};
std::optional<Summary> parse_summary(const std::string& out);

// The number of documents in a database, read in this process (fails the test by throwing when the
// database does not open).
size_t doc_count(const std::string& db);
// Every article id in a database (from the Q terms).
std::vector<std::string> all_ids(const std::string& db);

// A fresh temporary folder, removed with the object.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    // Writes `content` to `name` (folders created), returns the full path.
    std::string write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path path_;
};

// A process started in the background, its output in files; killed (SIGKILL) and reaped when destroyed.
class Background {
public:
    // `new_session`: the process leads a session of its own (setsid), so signals it sends to its process
    // group never reach the test runner.
    Background(const std::string& program, const std::vector<std::string>& args, bool new_session = false);
    ~Background();
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;
    pid_t pid() const { return pid_; }
    // Whether it has not exited yet (reaps it when it has).
    bool running();
    // Waits up to `timeout` for it to exit; its exit code (128 + signal), or nullopt when still running.
    std::optional<int> wait_for(std::chrono::milliseconds timeout);
    void kill_now(int signal);
    // SIGTERM to its process group (new_session only), SIGKILL after a bounded wait; reaps it.
    void stop_group();
    std::string out() const;
    std::string err() const;

private:
    TempDir capture_;
    bool new_session_ = false;
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
};

// A free TCP port on the loopback interface (the kernel picks it), or -1.
int free_port();
// Whether something listens on the loopback interface at `port`.
bool accepts_connections(int port);

// Copies a file or a folder tree.
void copy_tree(const std::string& from, const std::string& to);
// Sets a file's modification time `seconds` later than it is (a change the indexer must notice).
void touch_later(const std::string& path, int seconds);

inline const std::string kSourceDir = FNS_SOURCE_DIR;
inline const std::string kCorpusDir = kSourceDir + "/corpus";
inline const std::string kSeedFile = kSourceDir + "/../shared/seeds/000_395bb47746e58448.txt";
inline const std::string kE2eDataDir = std::string(FNS_TEST_DATA_DIR) + "/e2e";

// An index of the project's corpus/, built once per test process (read-only for the tests).
const std::string& corpus_db();

}  // namespace fns::test

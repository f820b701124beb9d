// Running the real binaries from end-to-end tests, each test in its own temporary folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fns::test {

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs `program` with `args` (no shell), capturing stdout and stderr.
RunResult run(const std::string& program, const std::vector<std::string>& args);

RunResult run_indexer(const std::vector<std::string>& args);
RunResult run_searcher(const std::vector<std::string>& args);

// The searcher's --format json output, decoded: one object per hit.
std::vector<nlohmann::json> search_json(const std::string& db, std::vector<std::string> args);
// The ids of the hits, in rank order.
std::vector<std::string> search_ids(const std::string& db, std::vector<std::string> args);

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

inline const std::string kSourceDir = FNS_SOURCE_DIR;
inline const std::string kSeedFile = kSourceDir + "/../shared/seeds/000_395bb47746e58448.txt";

}  // namespace fns::test

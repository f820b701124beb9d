// Finds the files to index under the paths given on the command line, recursively.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "formats.h"

namespace fns {

struct SourceFile {
    std::filesystem::path path;  // absolute, normalised
    std::string relative;        // relative to the folder given (the file name for a file given directly)
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    Format format = Format::Text;
};

struct WalkProblem {
    std::string path;
    std::string reason;
};

struct WalkResult {
    std::vector<SourceFile> files;                // sorted by path
    std::vector<std::filesystem::path> folders;   // the folders given, absolute: files gone from them are deleted
    std::vector<std::filesystem::path> unreadable_folders;  // not (wholly) listed: what they held is kept
    std::vector<WalkProblem> problems;            // missing inputs, unreadable folders, broken links and loops
    std::vector<std::filesystem::path> linked_folders;      // symbolic links to folders: not followed
    size_t ignored = 0;                           // files of formats the indexer does not read
    size_t hidden = 0;                            // hidden files and folders (.git, editor files): not read
};

WalkResult find_sources(const std::vector<std::string>& inputs);

}  // namespace fns

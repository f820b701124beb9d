#include "walker.h"

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace fns {

namespace fs = std::filesystem;

namespace {

int64_t mtime_ns(const fs::directory_entry& entry, std::error_code& error) {
    const auto time = entry.last_write_time(error);
    return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

void add_file(const fs::directory_entry& entry, const fs::path& base, WalkResult& result) {
    const auto format = format_from_extension(entry.path());
    if (!format) {
        ++result.ignored;
        return;
    }
    std::error_code error;
    SourceFile file;
    file.path = entry.path();
    file.relative = base.empty() ? entry.path().filename().string() : entry.path().lexically_relative(base).string();
    file.size = entry.file_size(error);
    if (!error) file.mtime_ns = mtime_ns(entry, error);
    if (error) {
        result.problems.push_back({entry.path().string(), error.message()});
        return;
    }
    file.format = *format;
    result.files.push_back(std::move(file));
}

// Why an entry named like news is not a file that can be read.
std::string not_a_file_reason(const fs::directory_entry& entry) {
    if (!entry.is_symlink()) return "not a regular file";
    std::error_code error;
    const bool exists = fs::exists(entry.path(), error);
    if (error && error.value() == ELOOP) return "symbolic link loop";
    if (!exists) return "broken symbolic link (its target does not exist)";
    return "symbolic link to something that is not a regular file";
}

void walk_folder(const fs::path& folder, const fs::path& base, WalkResult& result) {
    std::error_code error;
    fs::directory_iterator it(folder, error);
    if (error) {  // an unreadable folder: report it, keep what it held, go on with its siblings
        result.problems.push_back({folder.string(), "cannot read folder: " + error.message()});
        result.unreadable_folders.push_back(folder);
        return;
    }
    std::vector<fs::path> subfolders;
    for (const fs::directory_iterator end; it != end; it.increment(error)) {
        if (error) {
            result.problems.push_back({folder.string(), "cannot read folder: " + error.message()});
            result.unreadable_folders.push_back(folder);
            break;
        }
        const fs::directory_entry& entry = *it;
        const std::string name = entry.path().filename().string();
        if (!name.empty() && name.front() == '.') {  // hidden files and folders (.git, editor files)
            ++result.hidden;
            continue;
        }
        if (entry.is_directory(error)) {
            if (entry.is_symlink(error))  // not followed: no loops, no folder indexed twice
                result.linked_folders.push_back(entry.path());
            else
                subfolders.push_back(entry.path());
        } else if (entry.is_regular_file(error)) {
            add_file(entry, base, result);
        } else if (format_from_extension(entry.path())) {  // named like news, but not a file we can read
            result.problems.push_back({entry.path().string(), not_a_file_reason(entry)});
        } else {
            ++result.ignored;
        }
    }
    std::sort(subfolders.begin(), subfolders.end());
    for (const fs::path& subfolder : subfolders) walk_folder(subfolder, base, result);
}

}  // namespace

WalkResult find_sources(const std::vector<std::string>& inputs) {
    WalkResult result;
    for (const std::string& input : inputs) {
        std::error_code error;
        const fs::path path = fs::absolute(fs::path(input), error).lexically_normal();
        const fs::file_status status = fs::status(path, error);
        if (error || !fs::exists(status)) {
            result.problems.push_back({input, error ? error.message() : "no such file or folder"});
            continue;
        }
        if (fs::is_directory(status)) {
            const fs::path folder = path.has_filename() ? path : path.parent_path();
            result.folders.push_back(folder);
            walk_folder(folder, folder, result);
        } else {
            add_file(fs::directory_entry(path), {}, result);
        }
    }
    std::sort(result.files.begin(), result.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    result.files.erase(std::unique(result.files.begin(), result.files.end(),
                                   [](const SourceFile& a, const SourceFile& b) { return a.path == b.path; }),
                       result.files.end());
    return result;
}

}  // namespace fns

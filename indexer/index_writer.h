// The database side of the indexer: opening (one writer at a time), the schema version, the record of which
// files were indexed (for incremental runs), replacing articles by id, and deleting what is gone.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace fns {

// The database cannot be opened for writing; the message says why ("locked by another indexer", ...).
struct DatabaseOpenError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What an earlier run saw of a file: if size and modification time still match, the file is unchanged.
struct FileRecord {
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    std::string path;  // absolute
};

// The short key a file is known by in the index (XF term, metadata): a hash of its absolute path.
std::string file_key_for(const std::filesystem::path& absolute_path);

class IndexWriter {
public:
    explicit IndexWriter(const std::string& path);

    const std::unordered_map<std::string, FileRecord>& recorded_files() const { return recorded_; }

    // Writing the articles of one (new or changed) file: begin, put each, finish.
    void begin_file(const std::string& key);
    // Adds or replaces the article with this id. Returns true when another article already in the index
    // has the same near-duplicate key (a syndicated copy).
    bool put(const std::string& file_key, const std::string& id, const std::string& duplicate_key,
             const Xapian::Document& document);
    // Deletes the file's articles that this run did not put again, and records the file.
    void finish_file(const std::string& key, const FileRecord& record);
    // Deletes the articles of a file that is gone. Returns how many.
    size_t forget_file(const std::string& key);

    // Commits, then syncs the database files to disk (the run writes without syncing until here).
    void commit();
    Xapian::doccount document_count() const { return db_.get_doccount(); }

private:
    std::string path_;
    Xapian::WritableDatabase db_;
    std::unordered_map<std::string, FileRecord> recorded_;
    // For each file being written: its documents from earlier runs not yet put again.
    std::unordered_map<std::string, std::unordered_set<Xapian::docid>> stale_;
};

}  // namespace fns

// The database side of the indexer: opening (one writer at a time), the schema version, the record of which
// files were indexed (for incremental runs), replacing articles by id, and deleting what is gone.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>
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
    // Releases the database (and its lock), so that a full build can put its result in its place.
    void close() { db_.close(); }
    Xapian::doccount document_count() const { return db_.get_doccount(); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    Xapian::WritableDatabase db_;
    std::unordered_map<std::string, FileRecord> recorded_;
    // For each file being written: its documents from earlier runs not yet put again.
    std::unordered_map<std::string, std::unordered_set<Xapian::docid>> stale_;
};

// A full build into an empty database, the way Xapian scales out: one shard per writer thread, written in
// parallel, then merged by Xapian's compactor (xapian-compact's code) into a compact database that takes
// the empty one's place. Until that last step the empty database stays in place, so an interrupted build
// leaves a database that opens, and the next run builds again.
class ShardedBuild {
public:
    ShardedBuild(const std::string& db_path, unsigned shards);
    ~ShardedBuild();
    ShardedBuild(const ShardedBuild&) = delete;
    ShardedBuild& operator=(const ShardedBuild&) = delete;

    // Queues an article for a shard; an id already put in this run goes to the same shard and replaces
    // the earlier article. Returns true when an article with the same near-duplicate key was put before.
    bool put(const std::string& id, const std::string& duplicate_key, Xapian::Document&& document);
    void record_file(const std::string& key, const FileRecord& record);

    // Waits for the shards, merges them, and moves the result to db_path. `writer` (holding db_path's lock
    // until then) is closed just before the move. Returns the number of documents.
    Xapian::doccount finish(IndexWriter& writer);

private:
    struct Shard;
    void write_shard(Shard& shard);

    std::string db_path_;
    std::filesystem::path work_dir_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::unordered_map<std::string, size_t> shard_of_id_;
    std::unordered_set<std::string> duplicate_keys_;
    std::unordered_map<std::string, FileRecord> files_;
    size_t next_shard_ = 0;
    bool finished_ = false;
};

}  // namespace fns

// The database side of the indexer: opening (one writer at a time), the schema version, the record of which
// files were indexed (for incremental runs), replacing articles by id, and deleting what is gone.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <vector>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "record_codec.h"

namespace fns {

// The database cannot be opened for writing; the message says why ("locked by another indexer", ...).
struct DatabaseOpenError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What an earlier run saw of a file: if size and modification time still match (and, for a small file,
// the hash of its content), the file is unchanged.
struct FileRecord {
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    uint64_t content_hash = 0;  // content_hash_of the bytes; 0 when not hashed (large files)
    std::string path;           // absolute
};

// The short key a file is known by in the index (XF term, metadata): a hash of its absolute path.
std::string file_key_for(const std::filesystem::path& absolute_path);
// The hash of a file's content kept in its record (never 0).
uint64_t content_hash_of(std::string_view bytes);

// Two files may hold a record with the same id. One owns the id: the file whose absolute path comes
// first (byte order); the other is a duplicate, kept on record (metadata kClaimsKeyPrefix) so that when
// the owner goes or drops the id, the other file is read again and its record takes over (on that run
// when the owner's file is gone, else on the next run).
enum class IdConflict {
    None,
    SameFile,       // twice in the same file: the later record replaces the earlier
    TakenOver,      // another file had it; this file comes first, its record replaces the other's
    KeptElsewhere,  // another file comes first and keeps it; this record is not indexed
};
struct PutResult {
    bool near_duplicate = false;  // another article has the same near-duplicate key (a syndicated copy)
    IdConflict conflict = IdConflict::None;
    std::string other_file;       // the path of the other file holding the id
};

// Refuses (DatabaseOpenError) a path that is an existing folder holding files but no Xapian database:
// a full build would replace it.
void check_database_folder(const std::string& db_path);

class IndexWriter {
public:
    // Opens (or creates) the database, and removes the work folder a killed full build left beside it.
    explicit IndexWriter(const std::string& path);

    const std::unordered_map<std::string, FileRecord>& recorded_files() const { return recorded_; }
    // How many articles in the database came from this file.
    Xapian::doccount articles_of(const std::string& key) const;

    // Writing the articles of one (new or changed) file: begin, put each, finish.
    void begin_file(const std::string& key, const std::string& path);
    // Adds or replaces the article with this id, unless another file owns the id (see IdConflict).
    PutResult put(const std::string& file_key, const std::string& id, const std::string& duplicate_key,
                  const Xapian::Document& document);
    // Deletes the file's articles that this run did not put again, and records the file.
    void finish_file(const std::string& key, const FileRecord& record);
    // Deletes the articles of a file that is gone. Returns how many. Files that hold the same ids lose
    // their record, so that they are read again.
    size_t forget_file(const std::string& key);

    // Commits, then syncs the database files to disk (the run writes without syncing until here).
    void commit();
    // Releases the database (and its lock), so that a full build can put its result in its place.
    void close() { db_.close(); }
    Xapian::doccount document_count() const { return db_.get_doccount(); }
    const std::string& path() const { return path_; }

private:
    std::optional<std::string> path_of(const std::string& key) const;
    void add_claim(const std::string& key, const std::string& id_term);
    void write_claims(const std::string& key);
    // An article is deleted: the files that also hold its id lose their record, to be read again.
    void release_id(Xapian::docid docid, bool during_writes);

    std::string path_;
    Xapian::WritableDatabase db_;
    std::unique_ptr<RecordCompressor> compressor_;  // the database's record dictionary, when it has one
    std::unordered_map<std::string, FileRecord> recorded_;
    std::unordered_map<std::string, std::string> paths_;  // files begun in this run
    // For each file being written: its documents from earlier runs not yet put again.
    std::unordered_map<std::string, std::unordered_set<Xapian::docid>> stale_;
    // Duplicate ids: file key -> id terms it holds but does not own, and the reverse.
    std::unordered_map<std::string, std::set<std::string>> claims_;
    std::unordered_map<std::string, std::set<std::string>> claimants_;
    // Files whose record was dropped while this run writes: not recorded when they finish.
    std::unordered_set<std::string> needs_reread_;
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
    // the earlier article when the same file or a file earlier in order holds it (see IdConflict).
    PutResult put(const std::string& file_key, const std::string& path, const std::string& id,
                  const std::string& duplicate_key, Xapian::Document&& document);
    void record_file(const std::string& key, const FileRecord& record);

    // Waits for the shards, merges them, and moves the result to db_path. `writer` (holding db_path's lock
    // until then) is closed just before the move. Returns the number of documents.
    Xapian::doccount finish(IndexWriter& writer);

private:
    struct Shard;
    void write_shard(Shard& shard);
    void enqueue(Shard& shard, std::string id_term, Xapian::Document&& document);
    // Trains the record dictionary on the documents held so far, then queues them.
    void train_and_release();

    struct Owner {
        size_t shard;
        std::string file_key;
    };

    std::filesystem::path db_path_;  // symbolic links resolved: the build replaces the folder, not the link
    std::filesystem::path work_dir_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::unordered_map<std::string, Owner> owner_of_id_;  // id term -> its shard and file
    std::unordered_map<std::string, std::string> paths_;  // file key -> path
    std::unordered_map<std::string, std::set<std::string>> claims_;  // as IndexWriter's
    std::unordered_set<std::string> duplicate_keys_;
    std::unordered_map<std::string, FileRecord> files_;
    size_t next_shard_ = 0;
    bool finished_ = false;
    // The first documents wait here until the record dictionary is trained on them (record_codec.h).
    std::vector<std::tuple<size_t, std::string, Xapian::Document>> held_;  // shard, id term, document
    size_t held_bytes_ = 0;
    bool trained_ = false;
    std::string dictionary_;                        // empty: records stay plain
    std::unique_ptr<RecordCompressor> compressor_;  // read by the shards' threads once documents flow
};

}  // namespace fns

#include "index_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "hash.h"
#include "schema.h"

namespace fns {

namespace fs = std::filesystem;

namespace {

std::string encode_record(const FileRecord& record) {
    return fmt::format("{} {} {}", record.size, record.mtime_ns, record.path);
}

std::optional<FileRecord> decode_record(std::string_view text) {
    FileRecord record;
    const char* end = text.data() + text.size();
    auto [p1, e1] = std::from_chars(text.data(), end, record.size);
    if (e1 != std::errc() || p1 == end || *p1 != ' ') return std::nullopt;
    auto [p2, e2] = std::from_chars(p1 + 1, end, record.mtime_ns);
    if (e2 != std::errc() || p2 == end || *p2 != ' ') return std::nullopt;
    record.path.assign(p2 + 1, end);
    return record;
}

Xapian::WritableDatabase open_writable(const std::string& path) {
    try {
        // No fsync on each commit: commit() syncs once at the end of the run. A crash in between loses
        // at most the run's own work, never what an earlier run committed (Xapian commits are atomic).
        return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_NO_SYNC);
    } catch (const Xapian::DatabaseLockError&) {
        throw DatabaseOpenError(fmt::format("{}: database is locked: another indexer is writing to it", path));
    } catch (const Xapian::Error& error) {
        throw DatabaseOpenError(fmt::format("{}: cannot open the database for writing: {}", path, error.get_msg()));
    }
}

void sync_folder_files(const fs::path& folder) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
        const int fd = ::open(entry.path().c_str(), O_RDONLY);
        if (fd < 0) continue;
        (void)::fsync(fd);
        ::close(fd);
    }
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

std::string file_key_for(const fs::path& absolute_path) {
    return fmt::format("{:016x}", fnv1a(absolute_path.string()));
}

IndexWriter::IndexWriter(const std::string& path) : path_(path), db_(open_writable(path)) {
    if (db_.get_doccount() == 0 && db_.get_metadata(std::string(schema::kVersionKey)).empty()) {
        db_.set_metadata(std::string(schema::kVersionKey), std::to_string(schema::kSchemaVersion));
        db_.commit();  // an interrupted first run still leaves a database that opens
    } else {
        schema::check_schema(db_, path);
    }
    const std::string prefix(schema::kFileKeyPrefix);
    for (auto key = db_.metadata_keys_begin(prefix); key != db_.metadata_keys_end(prefix); ++key) {
        if (auto record = decode_record(db_.get_metadata(*key)))
            recorded_.emplace((*key).substr(prefix.size()), std::move(*record));
    }
}

void IndexWriter::begin_file(const std::string& key) {
    auto& stale = stale_[key];
    const std::string term = std::string(schema::kFilePrefix) + key;
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) stale.insert(*it);
}

bool IndexWriter::put(const std::string& file_key, const std::string& id, const std::string& duplicate_key,
                      const Xapian::Document& document) {
    const std::string id_term = std::string(schema::kIdPrefix) + id;
    const bool is_new = db_.get_termfreq(id_term) == 0;
    const bool duplicate = is_new && !duplicate_key.empty() &&
                           db_.get_termfreq(std::string(schema::kDupPrefix) + duplicate_key) > 0;
    const Xapian::docid docid = db_.replace_document(id_term, document);
    if (auto stale = stale_.find(file_key); stale != stale_.end()) stale->second.erase(docid);
    return duplicate;
}

void IndexWriter::finish_file(const std::string& key, const FileRecord& record) {
    if (auto stale = stale_.find(key); stale != stale_.end()) {
        for (Xapian::docid docid : stale->second) db_.delete_document(docid);
        stale_.erase(stale);
    }
    db_.set_metadata(std::string(schema::kFileKeyPrefix) + key, encode_record(record));
    recorded_[key] = record;
}

size_t IndexWriter::forget_file(const std::string& key) {
    const std::string term = std::string(schema::kFilePrefix) + key;
    const size_t count = db_.get_termfreq(term);
    if (count > 0) db_.delete_document(term);
    db_.set_metadata(std::string(schema::kFileKeyPrefix) + key, {});
    recorded_.erase(key);
    return count;
}

void IndexWriter::commit() {
    db_.commit();
    sync_folder_files(path_);
}

struct ShardedBuild::Shard {
    std::filesystem::path path;           // parts are path-0, path-1, ...
    std::vector<std::string> parts;       // written by the shard's thread; read after it ends
    std::vector<std::pair<size_t, std::string>> superseded;  // (part, id term) replaced in a later part
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::pair<std::string, Xapian::Document>> queue;  // id term, document
    bool closing = false;
    std::exception_ptr error;
    std::thread thread;
};

namespace {
// Documents waiting for one shard's writer: bounds memory when the writers are the slower side.
constexpr size_t kShardQueueCapacity = 256;
// Xapian 1.4 buffers a writer's changes in std::maps keyed by term and by document: their cost per
// posting grows with what is buffered (cache misses), and each flush into a growing database costs more.
// A writer therefore starts a new small database (a part) every so many documents, each flushed once
// into empty tables; the compactor merges the parts at the end. Measured on OrangeSum (8,000 articles,
// one writer): 10.4 CPU-s with one database, 6.5-7.0 with parts of 150-300 documents. The price: the
// compactor keeps each part's chunk of a posting list, so postlists take more room (all 33,958 articles:
// 45 MB with parts of 256, 33 MB with parts of 1,024 for 18% more CPU, 18 MB in one database).
constexpr size_t kDocumentsPerPart = 256;
}  // namespace

ShardedBuild::ShardedBuild(const std::string& db_path, unsigned shards)
    : db_path_(db_path), work_dir_(fs::path(db_path).lexically_normal().string() + ".build") {
    fs::remove_all(work_dir_);  // what an interrupted build left
    fs::create_directories(work_dir_);
    for (unsigned i = 0; i < std::max(1u, shards); ++i) {
        auto shard = std::make_unique<Shard>();
        shard->path = work_dir_ / fmt::format("shard-{}", i);
        Shard& ref = *shard;
        shard->thread = std::thread([this, &ref] { write_shard(ref); });
        shards_.push_back(std::move(shard));
    }
}

ShardedBuild::~ShardedBuild() {
    for (auto& shard : shards_) {
        {
            std::lock_guard lock(shard->mutex);
            shard->closing = true;
        }
        shard->changed.notify_all();
        if (shard->thread.joinable()) shard->thread.join();
    }
    std::error_code error;
    if (!finished_) fs::remove_all(work_dir_, error);
}

void ShardedBuild::write_shard(Shard& shard) {
    try {
        std::unordered_map<std::string, size_t> part_of_id;
        std::optional<Xapian::WritableDatabase> db;
        size_t in_part = kDocumentsPerPart;
        for (;;) {
            std::pair<std::string, Xapian::Document> item;
            {
                std::unique_lock lock(shard.mutex);
                shard.changed.wait(lock, [&] { return !shard.queue.empty() || shard.closing; });
                if (shard.queue.empty()) break;
                item = std::move(shard.queue.front());
                shard.queue.pop_front();
            }
            shard.changed.notify_all();
            if (in_part == kDocumentsPerPart) {
                if (db) db->commit();
                shard.parts.push_back(fmt::format("{}-{}", shard.path.string(), shard.parts.size()));
                db.emplace(shard.parts.back(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
                in_part = 0;
            }
            const size_t part = shard.parts.size() - 1;
            auto [earlier, is_new] = part_of_id.try_emplace(item.first, part);
            if (!is_new && earlier->second != part) {  // the id came again: the earlier copy goes at the end
                shard.superseded.emplace_back(earlier->second, item.first);
                earlier->second = part;
            }
            db->replace_document(item.first, item.second);
            ++in_part;
        }
        if (db) db->commit();
    } catch (...) {
        std::lock_guard lock(shard.mutex);
        shard.error = std::current_exception();
        shard.queue.clear();
        shard.closing = true;
        shard.changed.notify_all();
    }
}

bool ShardedBuild::put(const std::string& id, const std::string& duplicate_key, Xapian::Document&& document) {
    auto [owner, is_new] = shard_of_id_.try_emplace(id, next_shard_);
    if (is_new) next_shard_ = (next_shard_ + 1) % shards_.size();
    Shard& shard = *shards_[owner->second];
    {
        std::unique_lock lock(shard.mutex);
        shard.changed.wait(lock, [&] { return shard.queue.size() < kShardQueueCapacity || shard.closing; });
        if (shard.error) std::rethrow_exception(shard.error);
        shard.queue.emplace_back(std::string(schema::kIdPrefix) + id, std::move(document));
    }
    shard.changed.notify_all();
    return is_new && !duplicate_key.empty() && !duplicate_keys_.insert(duplicate_key).second;
}

void ShardedBuild::record_file(const std::string& key, const FileRecord& record) { files_[key] = record; }

Xapian::doccount ShardedBuild::finish(IndexWriter& writer) {
    for (auto& shard : shards_) {
        {
            std::lock_guard lock(shard->mutex);
            shard->closing = true;
        }
        shard->changed.notify_all();
        shard->thread.join();
        if (shard->error) std::rethrow_exception(shard->error);
    }
    Xapian::Database all;
    for (const auto& shard : shards_) {
        for (const auto& [part, id_term] : shard->superseded) {
            Xapian::WritableDatabase db(shard->parts[part], Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
            db.delete_document(id_term);
            db.commit();
        }
        for (const std::string& part : shard->parts) all.add_database(Xapian::Database(part));
    }
    const fs::path merged = work_dir_ / "merged";
    all.compact(merged.string());
    all.close();
    Xapian::doccount count = 0;
    {
        Xapian::WritableDatabase db(merged.string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
        db.set_metadata(std::string(schema::kVersionKey), std::to_string(schema::kSchemaVersion));
        for (const auto& [key, record] : files_)
            db.set_metadata(std::string(schema::kFileKeyPrefix) + key, encode_record(record));
        db.commit();
        count = db.get_doccount();
    }
    sync_folder_files(merged);
    writer.close();
    const fs::path empty = work_dir_ / "empty";
    fs::rename(db_path_, empty);
    fs::rename(merged, db_path_);
    finished_ = true;
    std::error_code error;
    fs::remove_all(work_dir_, error);
    return count;
}

}  // namespace fns

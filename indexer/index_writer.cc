#include "index_writer.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>

#include <charconv>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "hash.h"
#include "schema.h"

namespace fns {

namespace fs = std::filesystem;

namespace {

// "size mtime_ns hash path", the hash in hex; records of earlier versions have no hash ("size mtime_ns
// path": the path is absolute, so it starts with '/').
std::string encode_record(const FileRecord& record) {
    return fmt::format("{} {} {:x} {}", record.size, record.mtime_ns, record.content_hash, record.path);
}

std::optional<FileRecord> decode_record(std::string_view text) {
    FileRecord record;
    const char* end = text.data() + text.size();
    auto [p1, e1] = std::from_chars(text.data(), end, record.size);
    if (e1 != std::errc() || p1 == end || *p1 != ' ') return std::nullopt;
    auto [p2, e2] = std::from_chars(p1 + 1, end, record.mtime_ns);
    if (e2 != std::errc() || p2 == end || *p2 != ' ') return std::nullopt;
    const char* path = p2 + 1;
    if (path != end && *path != '/') {
        auto [p3, e3] = std::from_chars(path, end, record.content_hash, 16);
        if (e3 != std::errc() || p3 == end || *p3 != ' ') return std::nullopt;
        path = p3 + 1;
    }
    record.path.assign(path, end);
    return record;
}

// The mark a full build leaves in its work folder: only a folder holding it is ever removed.
constexpr const char* kBuildMark = "fns-indexer-build";

fs::path work_folder_of(const fs::path& resolved_db_path) { return resolved_db_path.string() + ".build"; }

fs::path resolved(const std::string& db_path) {
    std::error_code error;
    const fs::path path = fs::weakly_canonical(fs::absolute(db_path), error);
    return error ? fs::path(db_path).lexically_normal() : path;
}

// Removes the work folder of a build killed before it could (true), unless something else has that name.
bool remove_work_folder(const fs::path& work_dir) {
    std::error_code error;
    if (!fs::exists(work_dir, error)) return true;
    if (!fs::exists(work_dir / kBuildMark, error)) return false;
    fs::remove_all(work_dir, error);
    return !error;
}

std::string join_terms(const std::set<std::string>& terms) {
    std::string joined;
    for (const std::string& term : terms) {
        if (!joined.empty()) joined.push_back('\0');
        joined.append(term);
    }
    return joined;
}

// The term of `document`'s that starts with `prefix` (the first one), or "".
std::string term_with_prefix(const Xapian::Database& db, Xapian::docid docid, std::string_view prefix) {
    auto term = db.termlist_begin(docid);
    term.skip_to(std::string(prefix));
    if (term == db.termlist_end(docid) || !(*term).starts_with(prefix)) return {};
    return *term;
}

Xapian::WritableDatabase open_writable(const std::string& path) {
    check_database_folder(path);
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

uint64_t content_hash_of(std::string_view bytes) { return fnv1a(bytes) | 1; }

void check_database_folder(const std::string& db_path) {
    std::error_code error;
    if (!fs::is_directory(db_path, error) || fs::is_empty(db_path, error)) return;
    for (const char* backend_mark : {"iamglass", "iamchert", "iamhoney"})
        if (fs::exists(fs::path(db_path) / backend_mark, error)) return;
    throw DatabaseOpenError(fmt::format("{}: not a database: the folder holds other files, which a build would "
                                        "replace; give a new or empty folder",
                                        db_path));
}

IndexWriter::IndexWriter(const std::string& path) : path_(path), db_(open_writable(path)) {
    if (db_.get_doccount() == 0 && db_.get_metadata(std::string(schema::kVersionKey)).empty()) {
        db_.set_metadata(std::string(schema::kVersionKey), std::to_string(schema::kSchemaVersion));
        db_.commit();  // an interrupted first run still leaves a database that opens
    } else {
        schema::check_schema(db_, path);
    }
    if (const std::string dictionary = schema::record_dictionary(db_); !dictionary.empty())
        compressor_ = std::make_unique<RecordCompressor>(dictionary);
    const std::string prefix(schema::kFileKeyPrefix);
    for (auto key = db_.metadata_keys_begin(prefix); key != db_.metadata_keys_end(prefix); ++key) {
        if (auto record = decode_record(db_.get_metadata(*key)))
            recorded_.emplace((*key).substr(prefix.size()), std::move(*record));
    }
    const std::string claims_prefix(schema::kClaimsKeyPrefix);
    for (auto key = db_.metadata_keys_begin(claims_prefix); key != db_.metadata_keys_end(claims_prefix); ++key) {
        const std::string file_key = (*key).substr(claims_prefix.size());
        const std::string joined = db_.get_metadata(*key);
        for (size_t begin = 0; begin < joined.size();) {
            const size_t end = std::min(joined.find('\0', begin), joined.size());
            claims_[file_key].insert(joined.substr(begin, end - begin));
            claimants_[joined.substr(begin, end - begin)].insert(file_key);
            begin = end + 1;
        }
    }
    // A full build killed after moving its result in leaves its work folder: this run holds the lock now.
    remove_work_folder(work_folder_of(resolved(path)));
}

Xapian::doccount IndexWriter::articles_of(const std::string& key) const {
    return db_.get_termfreq(std::string(schema::kFilePrefix) + key);
}

std::optional<std::string> IndexWriter::path_of(const std::string& key) const {
    if (auto found = paths_.find(key); found != paths_.end()) return found->second;
    if (auto found = recorded_.find(key); found != recorded_.end()) return found->second.path;
    return std::nullopt;
}

void IndexWriter::begin_file(const std::string& key, const std::string& path) {
    paths_[key] = path;
    auto& stale = stale_[key];
    const std::string term = std::string(schema::kFilePrefix) + key;
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) stale.insert(*it);
    // The file's duplicate ids are found again as it is read.
    if (auto claims = claims_.find(key); claims != claims_.end()) {
        for (const std::string& id_term : claims->second) claimants_[id_term].erase(key);
        claims_.erase(claims);
    }
}

void IndexWriter::add_claim(const std::string& key, const std::string& id_term) {
    if (!claims_[key].insert(id_term).second) return;
    claimants_[id_term].insert(key);
    write_claims(key);
}

void IndexWriter::write_claims(const std::string& key) {
    const auto claims = claims_.find(key);
    db_.set_metadata(std::string(schema::kClaimsKeyPrefix) + key,
                     claims == claims_.end() ? std::string() : join_terms(claims->second));
}

void IndexWriter::release_id(Xapian::docid docid, bool during_writes) {
    const auto claimants = claimants_.find(term_with_prefix(db_, docid, schema::kIdPrefix));
    if (claimants == claimants_.end()) return;
    for (const std::string& key : claimants->second) {
        db_.set_metadata(std::string(schema::kFileKeyPrefix) + key, {});
        recorded_.erase(key);
        if (during_writes) needs_reread_.insert(key);
    }
}

PutResult IndexWriter::put(const std::string& file_key, const std::string& id, const std::string& duplicate_key,
                           const Xapian::Document& plain) {
    Xapian::Document document = plain;  // a handle on the same document
    if (compressor_) document.set_data(compressor_->compress(plain.get_data()));
    PutResult result;
    const std::string id_term = schema::id_term(id);
    const auto posting = db_.postlist_begin(id_term);
    if (posting == db_.postlist_end(id_term)) {
        result.near_duplicate = !duplicate_key.empty() &&
                                db_.get_termfreq(std::string(schema::kDupPrefix) + duplicate_key) > 0;
        db_.replace_document(id_term, document);
        return result;
    }
    const Xapian::docid docid = *posting;
    if (stale_[file_key].erase(docid)) {  // this file's own article, from an earlier run
        db_.replace_document(docid, document);
        return result;
    }
    const std::string owner = term_with_prefix(db_, docid, schema::kFilePrefix).substr(schema::kFilePrefix.size());
    const std::optional<std::string> path = path_of(file_key);
    if (owner == file_key) {
        result.conflict = IdConflict::SameFile;
        result.other_file = path.value_or("");
        db_.replace_document(docid, document);
        return result;
    }
    const std::optional<std::string> owner_path = path_of(owner);
    result.other_file = owner_path.value_or("");
    if (owner_path && path && *owner_path < *path) {
        result.conflict = IdConflict::KeptElsewhere;
        add_claim(file_key, id_term);
        return result;
    }
    result.conflict = IdConflict::TakenOver;
    for (auto& [key, stale] : stale_) stale.erase(docid);  // no longer the owner's to delete
    db_.replace_document(docid, document);
    if (owner_path) add_claim(owner, id_term);
    return result;
}

void IndexWriter::finish_file(const std::string& key, const FileRecord& record) {
    if (auto stale = stale_.find(key); stale != stale_.end()) {
        for (Xapian::docid docid : stale->second) {
            if (!claimants_.empty()) release_id(docid, /*during_writes=*/true);
            db_.delete_document(docid);
        }
        stale_.erase(stale);
    }
    write_claims(key);
    if (needs_reread_.contains(key)) {  // it holds an id whose owner dropped it: the next run reads it again
        db_.set_metadata(std::string(schema::kFileKeyPrefix) + key, {});
        recorded_.erase(key);
        return;
    }
    db_.set_metadata(std::string(schema::kFileKeyPrefix) + key, encode_record(record));
    recorded_[key] = record;
}

size_t IndexWriter::forget_file(const std::string& key) {
    const std::string term = std::string(schema::kFilePrefix) + key;
    const size_t count = db_.get_termfreq(term);
    if (count > 0) {
        if (!claimants_.empty()) {
            // Metadata shares the postlist table: the docids first, then the writes.
            const std::vector<Xapian::docid> docids(db_.postlist_begin(term), db_.postlist_end(term));
            for (Xapian::docid docid : docids) release_id(docid, /*during_writes=*/false);
        }
        db_.delete_document(term);
    }
    db_.set_metadata(std::string(schema::kFileKeyPrefix) + key, {});
    recorded_.erase(key);
    if (auto claims = claims_.find(key); claims != claims_.end()) {
        for (const std::string& id_term : claims->second) claimants_[id_term].erase(key);
        claims_.erase(claims);
        write_claims(key);
    }
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
// into empty tables; the compactor merges the parts at the end. The compactor keeps each part's chunk of a
// posting list (it never re-chunks), so smaller parts mean more chunks. Measured on all 33,958 OrangeSum
// articles (schema 3, quiet machine, CPU seconds of the whole build; postlist table): parts of 256 28.6 s,
// 61 MB; 1,024 33.8 s, 44 MB; 2,048 42.1 s, 38 MB; 4,096 46.1 s, 35 MB; one database 18 MB (before
// schema 3) for about 50% more writer time.
constexpr size_t kDocumentsPerPart = 1024;
// The record dictionary is trained on the first documents of a full build: this many, or this many bytes
// of records (zstd's advice: about a hundred times the dictionary's size).
constexpr size_t kTrainingRecords = 5000;
constexpr size_t kTrainingBytes = 12 << 20;

// How many databases the compactor may hold open at once: the open-file limit (raised to its hard limit
// first, as the user allows) less a margin for the process's other files, over the files a glass database
// keeps open (postlist, position, termlist, docdata, with room to spare).
size_t databases_open_at_once() {
    constexpr rlim_t kOtherFiles = 64;
    constexpr rlim_t kFilesPerDatabase = 6;
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 16;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? rlim_t{1} << 20 : limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    const rlim_t usable = limit.rlim_cur > kOtherFiles ? limit.rlim_cur - kOtherFiles : 0;
    return std::max<size_t>(2, usable / kFilesPerDatabase);
}

// Merges the databases `sources` (in order, document ids renumbered) into a new database at `target`.
void compact_into(const std::vector<std::string>& sources, const std::string& target) {
    Xapian::Database all;
    for (const std::string& source : sources) all.add_database(Xapian::Database(source));
    if (all.size() == 0)  // every file failed: nothing to merge, an empty database takes the place
        Xapian::WritableDatabase(target, Xapian::DB_CREATE | Xapian::DB_NO_SYNC).commit();
    else
        all.compact(target);
}
}  // namespace

ShardedBuild::ShardedBuild(const std::string& db_path, unsigned shards)
    : db_path_(resolved(db_path)), work_dir_(work_folder_of(db_path_)) {
    if (!remove_work_folder(work_dir_))  // what an interrupted build left, if it is ours
        throw DatabaseOpenError(fmt::format("{}: the full build needs this work folder, which exists and was not "
                                            "made by this indexer; move it away",
                                            work_dir_.string()));
    fs::create_directories(work_dir_);
    std::ofstream(work_dir_ / kBuildMark) << "the work folder of a full build of " << db_path_.string() << "\n";
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
            if (compressor_) item.second.set_data(compressor_->compress(item.second.get_data()));
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

PutResult ShardedBuild::put(const std::string& file_key, const std::string& path, const std::string& id,
                            const std::string& duplicate_key, Xapian::Document&& document) {
    PutResult result;
    std::string id_term = schema::id_term(id);
    const std::string& file_path = paths_.try_emplace(file_key, path).first->second;
    auto [owner, is_new] = owner_of_id_.try_emplace(id_term, Owner{next_shard_, file_key});
    if (is_new) {
        next_shard_ = (next_shard_ + 1) % shards_.size();
        result.near_duplicate = !duplicate_key.empty() && !duplicate_keys_.insert(duplicate_key).second;
    } else if (owner->second.file_key == file_key) {
        result.conflict = IdConflict::SameFile;
        result.other_file = file_path;
    } else {
        const std::string& owner_path = paths_.at(owner->second.file_key);
        result.other_file = owner_path;
        if (owner_path < file_path) {
            result.conflict = IdConflict::KeptElsewhere;
            claims_[file_key].insert(std::move(id_term));
            return result;
        }
        result.conflict = IdConflict::TakenOver;
        claims_[owner->second.file_key].insert(id_term);
        owner->second.file_key = file_key;
    }
    if (trained_) {
        enqueue(*shards_[owner->second.shard], std::move(id_term), std::move(document));
        return result;
    }
    held_bytes_ += document.get_data().size();
    held_.emplace_back(owner->second.shard, std::move(id_term), std::move(document));
    if (held_.size() >= kTrainingRecords || held_bytes_ >= kTrainingBytes) train_and_release();
    return result;
}

void ShardedBuild::enqueue(Shard& shard, std::string id_term, Xapian::Document&& document) {
    {
        std::unique_lock lock(shard.mutex);
        shard.changed.wait(lock, [&] { return shard.queue.size() < kShardQueueCapacity || shard.closing; });
        if (shard.error) std::rethrow_exception(shard.error);
        shard.queue.emplace_back(std::move(id_term), std::move(document));
    }
    shard.changed.notify_all();
}

void ShardedBuild::train_and_release() {
    RecordSamples samples;
    for (const auto& held : held_) samples.add(std::get<2>(held).get_data());
    dictionary_ = train_record_dictionary(samples);
    if (!dictionary_.empty()) compressor_ = std::make_unique<RecordCompressor>(dictionary_);
    trained_ = true;  // before the first document reaches a shard's thread, which reads compressor_
    for (auto& [shard, id_term, document] : held_) enqueue(*shards_[shard], std::move(id_term), std::move(document));
    held_.clear();
    held_.shrink_to_fit();
}

void ShardedBuild::record_file(const std::string& key, const FileRecord& record) { files_[key] = record; }

Xapian::doccount ShardedBuild::finish(IndexWriter& writer) {
    if (!trained_) train_and_release();
    for (auto& shard : shards_) {
        {
            std::lock_guard lock(shard->mutex);
            shard->closing = true;
        }
        shard->changed.notify_all();
        shard->thread.join();
        if (shard->error) std::rethrow_exception(shard->error);
    }
    std::vector<std::string> parts;
    for (const auto& shard : shards_) {
        for (const auto& [part, id_term] : shard->superseded) {
            Xapian::WritableDatabase db(shard->parts[part], Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
            db.delete_document(id_term);
            db.commit();
        }
        parts.insert(parts.end(), shard->parts.begin(), shard->parts.end());
    }
    // The compactor holds every source open at once, a few files each: more parts than the open-file limit
    // allows are merged a group at a time first (a million articles are about a thousand parts; a common
    // limit is 1,024 files).
    const size_t group = databases_open_at_once();
    for (int level = 1; parts.size() > group; ++level) {
        std::vector<std::string> merged_parts;
        for (size_t first = 0; first < parts.size(); first += group) {
            const size_t last = std::min(parts.size(), first + group);
            merged_parts.push_back((work_dir_ / fmt::format("level{}-{}", level, merged_parts.size())).string());
            compact_into(std::vector<std::string>(parts.begin() + first, parts.begin() + last), merged_parts.back());
            std::error_code error;
            for (size_t i = first; i < last; ++i) fs::remove_all(parts[i], error);  // disk: one copy at a time
        }
        parts = std::move(merged_parts);
    }
    const fs::path merged = work_dir_ / "merged";
    compact_into(parts, merged.string());
    Xapian::doccount count = 0;
    {
        Xapian::WritableDatabase db(merged.string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
        db.set_metadata(std::string(schema::kVersionKey), std::to_string(schema::kSchemaVersion));
        if (!dictionary_.empty()) db.set_metadata(std::string(schema::kRecordDictionaryKey), dictionary_);
        for (const auto& [key, record] : files_)
            db.set_metadata(std::string(schema::kFileKeyPrefix) + key, encode_record(record));
        for (const auto& [key, terms] : claims_)
            db.set_metadata(std::string(schema::kClaimsKeyPrefix) + key, join_terms(terms));
        db.commit();
        count = db.get_doccount();
    }
    sync_folder_files(merged);
    writer.close();
    const fs::path empty = work_dir_ / "empty";
    fs::rename(db_path_, empty);  // the folder the link points at, when the database is given by a link
    fs::rename(merged, db_path_);
    finished_ = true;
    std::error_code error;
    fs::remove_all(work_dir_, error);
    return count;
}

}  // namespace fns

#include "pipeline.h"

#include "hash.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "analysis.h"
#include "encoding.h"
#include "html_extract.h"
#include "index_writer.h"
#include "json_extract.h"
#include "line_chunks.h"
#include "schema.h"
#include "text_extract.h"

namespace fns {

namespace fs = std::filesystem;

namespace {

// Large JSON Lines files are cut into chunks of whole lines so that all cores analyse them.
constexpr size_t kChunkBytes = 1 << 20;
// Prepared chunks waiting for the writer: bounds memory when the writer is the slower side.
constexpr size_t kQueueCapacity = 16;

std::string read_file(const SourceFile& file) {
    const uint64_t limit = file.format == Format::JsonLines || file.format == Format::Json ? kMaxRecordsFileBytes
                                                                                           : kMaxPageBytes;
    if (file.size > limit)
        throw InputError(fmt::format("file too large ({} MB, the limit for this format is {} MB)", file.size >> 20,
                                     limit >> 20));
    std::ifstream in(file.path, std::ios::binary);
    if (!in) throw InputError(fmt::format("cannot read: {}", std::strerror(errno)));
    std::string bytes(file.size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad() || static_cast<uint64_t>(in.gcount()) != file.size)
        throw InputError(fmt::format("cannot read: {}", in.bad() ? std::strerror(errno) : "file changed while read"));
    return bytes;
}

ContentKind content_kind(Format format) {
    switch (format) {
        case Format::Html: return ContentKind::Html;
        case Format::Json:
        case Format::JsonLines: return ContentKind::Json;
        case Format::Text: return ContentKind::Text;
    }
    return ContentKind::Text;
}

Date today_utc() {
    const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const std::chrono::year_month_day ymd(days);
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// The latest plausible publication date: tomorrow (time zones), never later.
const std::optional<Date>& latest_plausible_date() {
    static const std::optional<Date> latest = [] {
        Date today = today_utc();
        if (is_valid_date(today.year, today.month, today.day + 1)) ++today.day;
        return std::optional<Date>(today);
    }();
    return latest;
}

using ArticleCallback = std::function<void(ExtractedArticle&&)>;
using ProblemCallback = std::function<void(const std::string& where, const std::string& reason)>;

// Extracts from decoded content; `first_line` numbers the lines of a chunk of JSON Lines.
void extract_content(const SourceFile& file, Format format, std::string_view utf8, const std::string& charset,
                     size_t first_line, const ArticleCallback& on_article, const ProblemCallback& on_problem) {
    const auto& not_after = latest_plausible_date();
    switch (format) {
        case Format::Text:
        case Format::Html: {
            ExtractedArticle extracted;
            if (format == Format::Text) {
                extracted = {extract_text_page(utf8, not_after), "text", charset, {}};
            } else {
                HtmlExtraction html = extract_html(utf8);
                extracted = {std::move(html.article), std::move(html.date_source), charset, {}};
            }
            if (extracted.article.title.empty() && extracted.article.body.empty())
                throw InputError("no text: the page is blank");
            extracted.article.id = file.relative;
            on_article(std::move(extracted));
            return;
        }
        case Format::JsonLines:
        case Format::Json: {
            JsonRecordHandler handler;
            const std::string what = format == Format::Json ? "record" : "line";
            std::vector<std::string> warnings;  // of the record being read
            handler.on_warning = [&](size_t line, const std::string& note) {
                warnings.push_back(fmt::format("{} {}: {}", what, first_line - 1 + line, note));
            };
            handler.on_article = [&](Article&& article, size_t line) {
                if (article.id.empty()) article.id = fmt::format("{}#{}", file.relative, first_line - 1 + line);
                if (article.published && not_after && *article.published > *not_after) article.published.reset();
                on_article(ExtractedArticle{std::move(article), "json", charset, std::move(warnings)});
                warnings.clear();
            };
            handler.on_error = [&](size_t line, const std::string& reason) {
                warnings.clear();
                on_problem(fmt::format("{} {}", what, first_line - 1 + line), reason);
            };
            if (format == Format::Json)
                read_json_document(utf8, handler);
            else
                read_json_lines(utf8, handler);
            return;
        }
    }
}

}  // namespace

FileRead extract_file(const SourceFile& file, const std::function<void(ExtractedArticle&&)>& on_article,
                      const std::function<void(const std::string& where, const std::string& reason)>& on_problem) {
    const std::string bytes = read_file(file);
    const DecodedText decoded = decode_to_utf8(bytes, content_kind(file.format));
    extract_content(file, refine_format(file.format, decoded.utf8), decoded.utf8, decoded.charset, 1, on_article,
                    on_problem);
    return {bytes.size(), bytes.size() <= kHashedFileBytes ? content_hash_of(bytes) : 0, decoded.charset,
            decoded.invalid_utf8, decoded.nul_bytes};
}

void report_repairs(const std::string& path, size_t invalid_utf8, size_t nul_bytes) {
    if (invalid_utf8 > 0)
        spdlog::warn("{}: {} invalid UTF-8 byte{} replaced by U+FFFD (the file is otherwise UTF-8)", path,
                     invalid_utf8, invalid_utf8 == 1 ? "" : "s");
    if (nul_bytes > 0) spdlog::info("{}: {} stray NUL byte{} dropped", path, nul_bytes, nul_bytes == 1 ? "" : "s");
}

namespace {

// One unit of work: a whole file, or a chunk of lines of a large JSON Lines file.
struct Task {
    const SourceFile* file = nullptr;
    std::optional<LineChunkReader::Chunk> chunk;  // set for a chunk: its raw bytes
    size_t index = 0;                             // of the chunk in its file
    bool last = true;                             // the file's last task
    std::optional<std::string> failure;           // the file could not be read on from here
};

struct PreparedArticle {
    std::string id;
    std::string duplicate_key;
    bool dated = false;
    Xapian::Document document;
    std::vector<std::string> warnings;
};

struct TaskOutcome {
    const SourceFile* file = nullptr;
    size_t index = 0;
    bool last = true;
    std::vector<PreparedArticle> articles;
    std::vector<std::pair<std::string, std::string>> problems;  // where, reason
    std::optional<std::string> failure;                         // the whole file could not be used
    FileRead read;                                              // bytes: of this task (a chunk or the file)
};

TaskOutcome run_task(const Task& task, const std::string& file_key, FrenchAnalyzer& analyzer,
                     const std::optional<ShardFilter>& shard) {
    TaskOutcome outcome;
    const SourceFile& file = *task.file;
    outcome.file = &file;
    outcome.index = task.index;
    outcome.last = task.last;
    if (task.failure) {
        outcome.failure = task.failure;
        return outcome;
    }
    const auto on_article = [&](ExtractedArticle&& extracted) {
        if (shard && shard_of(extracted.article.id, shard->count) != shard->index) return;
        schema::StoredArticle stored{std::move(extracted.article), file.path.string()};
        PreparedArticle prepared;
        prepared.document = schema::make_document(stored, file_key, analyzer);
        prepared.id = std::move(stored.article.id);
        prepared.dated = stored.article.published.has_value();
        prepared.duplicate_key = prepared.document.get_value(schema::kDupKeySlot);
        prepared.warnings = std::move(extracted.warnings);
        outcome.articles.push_back(std::move(prepared));
    };
    const auto on_problem = [&](const std::string& where, const std::string& reason) {
        outcome.problems.emplace_back(where, reason);
    };
    try {
        if (task.chunk) {
            const DecodedText decoded = decode_to_utf8(task.chunk->bytes, ContentKind::Json);
            outcome.read = {task.chunk->bytes.size(), 0, decoded.charset, decoded.invalid_utf8, decoded.nul_bytes};
            extract_content(file, Format::JsonLines, decoded.utf8, decoded.charset, task.chunk->first_line, on_article,
                            on_problem);
        } else {
            outcome.read = extract_file(file, on_article, on_problem);
        }
    } catch (const InputError& error) {
        outcome.failure = error.what();
    } catch (const std::exception& error) {  // a bug or resource problem with this file: skip it, go on
        outcome.failure = fmt::format("cannot index: {}", error.what());
    }
    return outcome;
}

// A JSON Lines file this large is read a chunk at a time; its chunks are analysed in parallel.
bool read_in_chunks(const SourceFile& file) {
    if (file.format != Format::JsonLines || file.size <= 2 * kChunkBytes) return false;
    // UTF-16 and UTF-32 files cannot be cut at '\n' bytes: they are read whole (as JSON must be UTF-8, rare).
    std::ifstream in(file.path, std::ios::binary);
    char start[4] = {};
    in.read(start, sizeof start);
    const std::string_view mark(start, static_cast<size_t>(in.gcount()));
    const bool wide = mark.starts_with("\xFF\xFE") || mark.starts_with("\xFE\xFF") ||
                      (mark.size() >= 2 && (mark[0] == '\0' || mark[1] == '\0'));
    return !wide;
}

// The tasks of the files to index, made as workers ask for them: a large JSON Lines file is read a chunk at a
// time, so that memory holds the chunks in work, never the file.
class TaskSource {
public:
    explicit TaskSource(const std::vector<const SourceFile*>& files) : files_(files) {}

    // The next task, or nothing once every file is done. Thread-safe.
    std::optional<Task> next() {
        std::lock_guard lock(mutex_);
        for (;;) {
            if (reader_) {
                Task task;
                task.file = files_[file_];
                task.index = chunk_index_++;
                try {
                    task.chunk = reader_->next();
                    if (!task.chunk) task.failure = "cannot read: file changed while read";
                } catch (const InputError& error) {
                    task.failure = error.what();
                }
                task.last = task.failure || reader_->done();
                if (task.last) end_file();
                return task;
            }
            if (file_ >= files_.size()) return std::nullopt;
            const SourceFile* file = files_[file_];
            Task whole;
            whole.file = file;
            if (!read_in_chunks(*file)) {
                ++file_;
                return whole;
            }
            try {
                reader_.emplace(file->path, file->size, kChunkBytes);
                chunk_index_ = 0;
            } catch (const InputError& error) {
                ++file_;
                whole.failure = error.what();
                return whole;
            }
        }
    }

private:
    void end_file() {
        reader_.reset();
        ++file_;
    }

    std::mutex mutex_;
    const std::vector<const SourceFile*>& files_;
    size_t file_ = 0;
    std::optional<LineChunkReader> reader_;  // of files_[file_], when it is read in chunks
    size_t chunk_index_ = 0;
};

class OutcomeQueue {
public:
    // Returns false once the queue is closed: the consumer has stopped (an error), workers should too.
    bool push(TaskOutcome&& outcome) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [&] { return queue_.size() < kQueueCapacity || closed_; });
        if (closed_) return false;
        queue_.push_back(std::move(outcome));
        not_empty_.notify_one();
        return true;
    }
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        not_full_.notify_all();
    }
    TaskOutcome pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !queue_.empty(); });
        TaskOutcome outcome = std::move(queue_.front());
        queue_.pop_front();
        not_full_.notify_one();
        return outcome;
    }

private:
    std::mutex mutex_;
    std::condition_variable not_empty_;
    std::condition_variable not_full_;
    std::deque<TaskOutcome> queue_;
    bool closed_ = false;
};

bool is_under(const fs::path& path, const std::vector<fs::path>& folders) {
    const std::string text = path.string();
    for (const fs::path& folder : folders) {
        std::string prefix = folder.string();
        if (!prefix.ends_with('/')) prefix.push_back('/');
        if (text.starts_with(prefix)) return true;
    }
    return false;
}

// Whether a file is as an earlier run recorded it: same size and modification time and, for a small file
// whose content hash was recorded, the same content.
bool is_unchanged(const SourceFile& file, const std::unordered_map<std::string, FileRecord>& recorded,
                  const std::string& key) {
    const auto found = recorded.find(key);
    if (found == recorded.end() || found->second.size != file.size || found->second.mtime_ns != file.mtime_ns)
        return false;
    if (found->second.content_hash == 0 || file.size > kHashedFileBytes) return true;
    try {
        return content_hash_of(read_file(file)) == found->second.content_hash;
    } catch (const InputError&) {
        return false;  // read it again: the failure is reported then
    }
}

std::string conflict_message(const std::string& id, const PutResult& put) {
    switch (put.conflict) {
        case IdConflict::None: break;
        case IdConflict::SameFile:
            return fmt::format("duplicate id '{}' twice in this file: the record read last replaces the other", id);
        case IdConflict::TakenOver:
            return fmt::format("duplicate id '{}', also in {}: this file comes first in path order, its record "
                               "replaces that one",
                               id, put.other_file);
        case IdConflict::KeptElsewhere:
            return fmt::format("duplicate id '{}', also in {}, which comes first in path order: this record is not "
                               "indexed, and takes over if that file drops the id",
                               id, put.other_file);
    }
    return {};
}

class ProgressLine {
public:
    explicit ProgressLine(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
    void update(size_t files_done, size_t files_total, size_t articles) {
        if (!enabled_) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(250)) return;
        last_ = now;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        std::fprintf(stderr, "\rindexing: %zu/%zu files, %zu articles, %.0f articles/s   ", files_done, files_total,
                     articles, seconds > 0 ? articles / seconds : 0.0);
        std::fflush(stderr);
        shown_ = true;
    }
    ~ProgressLine() {
        if (shown_) std::fputs("\r\033[K", stderr);
    }

private:
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace

unsigned shard_of(std::string_view article_id, unsigned shard_count) {
    return static_cast<unsigned>(fnv1a(article_id) % shard_count);
}

IndexSummary run_indexer(const IndexOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    IndexSummary summary;
    const auto skip_file = [&](const std::string& path, const std::string& reason) {
        spdlog::error("{}: {}", path, reason);
        ++summary.files_skipped;
        // The kind of reason, without its details: "file too large (40 MB, ...)" -> "file too large".
        std::string kind = reason.substr(0, reason.find_first_of(":("));
        while (!kind.empty() && kind.back() == ' ') kind.pop_back();
        ++summary.skip_reasons[kind];
    };

    WalkResult walk = find_sources(options.inputs);
    summary.files_ignored = walk.ignored;
    summary.files_hidden = walk.hidden;
    summary.linked_folders = walk.linked_folders.size();
    summary.files_seen =
        walk.files.size() + walk.problems.size() + walk.ignored + walk.hidden + walk.linked_folders.size();
    for (const WalkProblem& problem : walk.problems) skip_file(problem.path, problem.reason);
    for (const fs::path& link : walk.linked_folders)
        spdlog::warn("{}: symbolic link to a folder, not followed (give the folder itself to index it)", link.string());

    IndexWriter writer(options.db_path);

    // Files gone from the folders given lose their articles; what a folder that could not be read held is
    // kept. A run that would delete most of the database is refused unless allowed.
    std::unordered_map<const SourceFile*, std::string> key_of;
    std::unordered_set<std::string> present;
    for (const SourceFile& file : walk.files) present.insert(key_of[&file] = file_key_for(file.path));
    std::vector<std::pair<std::string, std::string>> gone;  // key, path
    size_t to_delete = 0;
    for (const auto& [key, record] : writer.recorded_files()) {
        if (present.contains(key) || !is_under(record.path, walk.folders) ||
            is_under(record.path, walk.unreadable_folders))
            continue;
        gone.emplace_back(key, record.path);
        to_delete += writer.articles_of(key);
    }
    const size_t total = writer.document_count();
    if (!options.allow_mass_delete && to_delete > kMassDeleteMinimum && to_delete * 2 > total)
        throw MassDeleteError(fmt::format(
            "{}: refused: this run would delete {} of the {} articles in the database, because {} files indexed "
            "before are gone from the folders given (an unmounted disk, a wrong folder?). Nothing was changed. "
            "Run again with --allow-mass-delete if they are meant to go.",
            options.db_path, to_delete, total, gone.size()));
    std::sort(gone.begin(), gone.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    for (const auto& [key, path] : gone) {
        const size_t deleted = writer.forget_file(key);
        spdlog::info("{}: gone, {} article{} deleted", path, deleted, deleted == 1 ? "" : "s");
        summary.articles_deleted += deleted;
        ++summary.files_removed;
    }

    // New and changed files (after the deletions: a file holding the id of a deleted article is read again).
    std::vector<const SourceFile*> changed;
    for (const SourceFile& file : walk.files) {
        if (!options.force && is_unchanged(file, writer.recorded_files(), key_of.at(&file))) {
            ++summary.files_unchanged;
            spdlog::info("{}: unchanged", file.path.string());
        } else {
            changed.push_back(&file);
        }
    }

    const unsigned threads = std::max(1u, options.threads ? options.threads : std::thread::hardware_concurrency());
    TaskSource tasks(changed);
    OutcomeQueue outcomes;
    std::vector<std::jthread> workers;
    for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            FrenchAnalyzer analyzer;
            while (std::optional<Task> task = tasks.next())
                if (!outcomes.push(run_task(*task, key_of.at(task->file), analyzer, options.shard))) return;
        });
    }
    // If writing fails, the workers must not wait for a consumer that is gone (declared after them, this
    // closes the queue before their threads are joined).
    struct CloseOnExit {
        OutcomeQueue& queue;
        ~CloseOnExit() { queue.close(); }
    } close_on_exit{outcomes};

    // An empty database gets a full build: shards written in parallel, then merged.
    std::optional<ShardedBuild> build;
    if (writer.document_count() == 0 && writer.recorded_files().empty() && !changed.empty())
        build.emplace(options.db_path, threads);

    ProgressLine progress(options.progress);
    std::unordered_set<const SourceFile*> started;
    std::unordered_set<const SourceFile*> failed;
    // What the tasks of a file read so far; the file is done once all its tasks are in.
    struct FileProgress {
        size_t tasks_done = 0;
        size_t tasks_total = 0;  // known once its last task is in
        size_t articles = 0;
        size_t invalid_utf8 = 0;
        size_t nul_bytes = 0;
    };
    std::unordered_map<const SourceFile*, FileProgress> progress_of;
    size_t files_done = 0;
    while (files_done < changed.size()) {
        TaskOutcome outcome = outcomes.pop();
        const SourceFile* file = outcome.file;
        FileProgress& file_progress = progress_of[file];
        const std::string& key = key_of.at(file);
        const std::string path = file->path.string();
        summary.bytes_read += outcome.read.bytes;
        if (outcome.failure) {
            if (failed.insert(file).second) skip_file(path, *outcome.failure);
        } else if (!failed.contains(file)) {
            if (!build && started.insert(file).second) writer.begin_file(key, path);
            file_progress.invalid_utf8 += outcome.read.invalid_utf8;
            file_progress.nul_bytes += outcome.read.nul_bytes;
            for (PreparedArticle& article : outcome.articles) {
                for (const std::string& warning : article.warnings) spdlog::warn("{}: {}", path, warning);
                const PutResult put =
                    build ? build->put(key, path, article.id, article.duplicate_key, std::move(article.document))
                          : writer.put(key, article.id, article.duplicate_key, article.document);
                if (put.conflict != IdConflict::None) {
                    spdlog::warn("{}: {}", path, conflict_message(article.id, put));
                    ++summary.duplicate_ids;
                }
                if (put.conflict == IdConflict::KeptElsewhere) continue;
                if (put.near_duplicate) ++summary.duplicates;
                if (!article.dated) ++summary.undated;
                ++summary.articles_indexed;
                ++file_progress.articles;
            }
            for (const auto& [where, reason] : outcome.problems) {
                spdlog::warn("{}: {}: {}", path, where, reason);
                ++summary.records_skipped;
            }
        }
        if (outcome.last) file_progress.tasks_total = outcome.index + 1;
        if (++file_progress.tasks_done == file_progress.tasks_total) {
            ++files_done;
            if (!failed.contains(file)) {
                report_repairs(path, file_progress.invalid_utf8, file_progress.nul_bytes);
                // A chunk's read has no content hash: a file read in chunks is too large to hash.
                const FileRecord record{file->size, file->mtime_ns, outcome.read.content_hash, path};
                if (build)
                    build->record_file(key, record);
                else
                    writer.finish_file(key, record);
                ++summary.files_indexed;
                spdlog::info("{}: {} article{} indexed", path, file_progress.articles,
                             file_progress.articles == 1 ? "" : "s");
            }
        }
        progress.update(files_done, changed.size(), summary.articles_indexed);
    }
    workers.clear();
    if (build) {
        summary.total_documents = build->finish(writer);
    } else {
        writer.commit();
        summary.total_documents = writer.document_count();
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

}  // namespace fns

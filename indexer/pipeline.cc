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
        case Format::Text: {
            ExtractedArticle extracted{extract_text_page(utf8, not_after), "text", charset};
            extracted.article.id = file.relative;
            on_article(std::move(extracted));
            return;
        }
        case Format::Html: {
            HtmlExtraction html = extract_html(utf8);
            ExtractedArticle extracted{std::move(html.article), std::move(html.date_source), charset};
            extracted.article.id = file.relative;
            on_article(std::move(extracted));
            return;
        }
        case Format::JsonLines:
        case Format::Json: {
            JsonRecordHandler handler;
            handler.on_article = [&](Article&& article, size_t line) {
                if (article.id.empty()) article.id = fmt::format("{}#{}", file.relative, first_line - 1 + line);
                if (article.published && not_after && *article.published > *not_after) article.published.reset();
                on_article(ExtractedArticle{std::move(article), "json", charset});
            };
            const std::string what = format == Format::Json ? "record" : "line";
            handler.on_error = [&](size_t line, const std::string& reason) {
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

size_t extract_file(const SourceFile& file, const std::function<void(ExtractedArticle&&)>& on_article,
                    const std::function<void(const std::string& where, const std::string& reason)>& on_problem) {
    const std::string bytes = read_file(file);
    const DecodedText decoded = decode_to_utf8(bytes, content_kind(file.format));
    extract_content(file, refine_format(file.format, decoded.utf8), decoded.utf8, decoded.charset, 1, on_article,
                    on_problem);
    return bytes.size();
}

namespace {

// One unit of work: a whole file, or a chunk of lines of a large JSON Lines file.
struct Task {
    const SourceFile* file = nullptr;
    std::shared_ptr<const DecodedText> content;  // set for chunks: the file, decoded by the planner
    size_t begin = 0;
    size_t end = 0;
    size_t first_line = 1;
};

struct PreparedArticle {
    std::string id;
    std::string duplicate_key;
    bool dated = false;
    Xapian::Document document;
};

struct TaskOutcome {
    const Task* task = nullptr;
    std::vector<PreparedArticle> articles;
    std::vector<std::pair<std::string, std::string>> problems;  // where, reason
    std::optional<std::string> failure;                         // the whole file could not be used
    size_t bytes = 0;
};

TaskOutcome run_task(const Task& task, const std::string& file_key, FrenchAnalyzer& analyzer,
                     const std::optional<ShardFilter>& shard) {
    TaskOutcome outcome;
    outcome.task = &task;
    const SourceFile& file = *task.file;
    const auto on_article = [&](ExtractedArticle&& extracted) {
        if (shard && shard_of(extracted.article.id, shard->count) != shard->index) return;
        schema::StoredArticle stored{std::move(extracted.article), file.path.string()};
        PreparedArticle prepared;
        prepared.document = schema::make_document(stored, file_key, analyzer);
        prepared.id = std::move(stored.article.id);
        prepared.dated = stored.article.published.has_value();
        prepared.duplicate_key = prepared.document.get_value(schema::kDupKeySlot);
        outcome.articles.push_back(std::move(prepared));
    };
    const auto on_problem = [&](const std::string& where, const std::string& reason) {
        outcome.problems.emplace_back(where, reason);
    };
    try {
        if (task.content) {
            const std::string_view chunk = std::string_view(task.content->utf8).substr(task.begin, task.end - task.begin);
            outcome.bytes = chunk.size();
            extract_content(file, Format::JsonLines, chunk, task.content->charset, task.first_line, on_article,
                            on_problem);
        } else {
            outcome.bytes = extract_file(file, on_article, on_problem);
        }
    } catch (const InputError& error) {
        outcome.failure = error.what();
    } catch (const std::exception& error) {  // a bug or resource problem with this file: skip it, go on
        outcome.failure = fmt::format("cannot index: {}", error.what());
    }
    return outcome;
}

// Cuts a large JSON Lines file into chunks of whole lines (the planner reads it once; workers share it).
void plan_chunks(const SourceFile& file, std::vector<Task>& tasks) {
    auto content = std::make_shared<DecodedText>(decode_to_utf8(read_file(file), ContentKind::Json));
    const std::string_view text = content->utf8;
    size_t begin = 0;
    size_t line = 1;
    while (begin < text.size()) {
        size_t end = std::min(text.size(), begin + kChunkBytes);
        if (end < text.size()) {
            const size_t newline = text.find('\n', end);
            end = newline == std::string_view::npos ? text.size() : newline + 1;
        }
        tasks.push_back(Task{&file, content, begin, end, line});
        line += static_cast<size_t>(std::count(text.begin() + begin, text.begin() + end, '\n'));
        begin = end;
    }
}

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
    summary.files_seen = walk.files.size() + walk.ignored;
    summary.files_ignored = walk.ignored;
    for (const WalkProblem& problem : walk.problems) skip_file(problem.path, problem.reason);

    IndexWriter writer(options.db_path);

    // Unchanged files are skipped; files gone from the folders indexed are deleted.
    std::unordered_map<const SourceFile*, std::string> key_of;
    std::unordered_set<std::string> present;
    std::vector<const SourceFile*> changed;
    for (const SourceFile& file : walk.files) {
        const std::string& key = key_of[&file] = file_key_for(file.path);
        present.insert(key);
        const auto recorded = writer.recorded_files().find(key);
        if (recorded != writer.recorded_files().end() && recorded->second.size == file.size &&
            recorded->second.mtime_ns == file.mtime_ns) {
            ++summary.files_unchanged;
        } else {
            changed.push_back(&file);
        }
    }
    std::vector<std::string> gone;
    for (const auto& [key, record] : writer.recorded_files())
        if (!present.contains(key) && is_under(record.path, walk.folders)) gone.push_back(key);
    for (const std::string& key : gone) {
        summary.articles_deleted += writer.forget_file(key);
        ++summary.files_removed;
    }

    std::vector<Task> tasks;
    std::unordered_map<const SourceFile*, size_t> chunks_left;
    for (const SourceFile* file : changed) {
        const size_t before = tasks.size();
        if (file->format == Format::JsonLines && file->size > 2 * kChunkBytes) {
            try {
                plan_chunks(*file, tasks);
            } catch (const InputError& error) {
                skip_file(file->path.string(), error.what());
                continue;
            }
        } else {
            tasks.push_back(Task{file, nullptr, 0, 0, 1});
        }
        chunks_left[file] = tasks.size() - before;
    }

    const unsigned threads = std::max(1u, options.threads ? options.threads : std::thread::hardware_concurrency());
    OutcomeQueue outcomes;
    std::atomic<size_t> next_task{0};
    std::vector<std::jthread> workers;
    for (unsigned t = 0; t < std::min<size_t>(threads, tasks.size()); ++t) {
        workers.emplace_back([&] {
            FrenchAnalyzer analyzer;
            for (size_t i; (i = next_task++) < tasks.size();)
                if (!outcomes.push(run_task(tasks[i], key_of.at(tasks[i].file), analyzer, options.shard))) return;
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
    if (writer.document_count() == 0 && writer.recorded_files().empty() && !tasks.empty())
        build.emplace(options.db_path, threads);

    ProgressLine progress(options.progress);
    std::unordered_set<const SourceFile*> started;
    std::unordered_set<const SourceFile*> failed;
    size_t files_done = 0;
    for (size_t done = 0; done < tasks.size(); ++done) {
        TaskOutcome outcome = outcomes.pop();
        const SourceFile* file = outcome.task->file;
        const std::string& key = key_of.at(file);
        summary.bytes_read += outcome.bytes;
        if (outcome.failure) {
            if (failed.insert(file).second) skip_file(file->path.string(), *outcome.failure);
        } else if (!failed.contains(file)) {
            if (!build && started.insert(file).second) writer.begin_file(key);
            for (PreparedArticle& article : outcome.articles) {
                const bool duplicate =
                    build ? build->put(article.id, article.duplicate_key, std::move(article.document))
                          : writer.put(key, article.id, article.duplicate_key, article.document);
                if (duplicate) ++summary.duplicates;
                if (!article.dated) ++summary.undated;
                ++summary.articles_indexed;
            }
            for (const auto& [where, reason] : outcome.problems) {
                spdlog::warn("{}: {}: {}", file->path.string(), where, reason);
                ++summary.records_skipped;
            }
        }
        if (--chunks_left.at(file) == 0) {
            ++files_done;
            if (!failed.contains(file)) {
                const FileRecord record{file->size, file->mtime_ns, file->path.string()};
                if (build)
                    build->record_file(key, record);
                else
                    writer.finish_file(key, record);
                ++summary.files_indexed;
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

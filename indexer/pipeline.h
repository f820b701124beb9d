// The indexer's run: find files -> read and decode -> extract articles -> analyse (worker threads) ->
// write (one thread) -> commit. One file's failure is reported and skipped; the run goes on.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "article.h"
#include "formats.h"
#include "walker.h"

namespace fns {

// The shard an article belongs to among `count`: a stable hash of its id, so that every run and every
// machine routes it to the same one. `index` is 0-based.
struct ShardFilter {
    unsigned index = 0;
    unsigned count = 1;
};
unsigned shard_of(std::string_view article_id, unsigned shard_count);

struct IndexOptions {
    std::string db_path;
    std::optional<ShardFilter> shard;  // index only the articles of this shard (the others are left out)
    std::vector<std::string> inputs;
    unsigned threads = 0;  // analysis threads; 0: one per core
    bool progress = false; // a periodic progress line on stderr
    bool force = false;    // read every file again, changed or not
    bool allow_mass_delete = false;  // see MassDeleteError
};

// A run would delete more than half of the database's articles (and more than kMassDeleteMinimum) because
// their files are gone, as when the folder given is an unmounted mount point: nothing is changed unless
// the run is allowed to (IndexOptions::allow_mass_delete). The message says how many and how to allow it.
struct MassDeleteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
inline constexpr size_t kMassDeleteMinimum = 10;

struct IndexSummary {
    // files_seen = indexed + unchanged + skipped + ignored + hidden + linked_folders.
    size_t files_seen = 0;
    size_t files_indexed = 0;
    size_t files_unchanged = 0;
    size_t files_skipped = 0;   // unreadable, undecodable, empty, too large, broken links, unreadable folders...
    size_t files_ignored = 0;   // formats the indexer does not read
    size_t files_hidden = 0;    // hidden files and folders, not read
    size_t linked_folders = 0;  // symbolic links to folders, not followed
    size_t files_removed = 0;   // gone since the last run: their articles were deleted
    size_t records_skipped = 0; // bad records inside otherwise good files (malformed JSON lines, ...)
    size_t articles_indexed = 0;
    size_t articles_deleted = 0;
    size_t duplicates = 0;      // near-duplicates of an article already in the index
    size_t duplicate_ids = 0;   // records whose id another record (of this or another file) also has
    size_t undated = 0;
    size_t bytes_read = 0;
    double seconds = 0;
    std::map<std::string, size_t> skip_reasons;
    size_t total_documents = 0; // in the database after the run
};

IndexSummary run_indexer(const IndexOptions& options);

// One article extracted from a file, before analysis.
struct ExtractedArticle {
    Article article;
    std::string date_source;  // where the published date came from (HTML rules), for diagnostics
    std::string charset;
    std::vector<std::string> warnings;  // what was not understood ("line 3: date '...' not understood ...")
};

// What reading one file found, besides its articles.
struct FileRead {
    size_t bytes = 0;
    uint64_t content_hash = 0;  // for files up to kHashedFileBytes, else 0
    std::string charset;
    size_t invalid_utf8 = 0;    // bytes replaced by U+FFFD
    size_t nul_bytes = 0;       // stray NUL bytes dropped
};

// Reads, decodes and extracts every article of one file. Bad records inside the file are passed to
// on_problem (with a location such as "line 12") and the others go on; a file that cannot be read at all
// (or holds no text) throws InputError.
FileRead extract_file(const SourceFile& file, const std::function<void(ExtractedArticle&&)>& on_article,
                      const std::function<void(const std::string& where, const std::string& reason)>& on_problem);

// Logs what decoding had to repair in a file: bad bytes are worth a warning, stray NULs a verbose note.
void report_repairs(const std::string& path, size_t invalid_utf8, size_t nul_bytes);

// A file whose size and modification time match its record is also compared by content hash when it is
// at most this large (an edit that keeps both is rare, but then only a small file is cheap to re-read).
inline constexpr uint64_t kHashedFileBytes = 1ull << 20;

// Files read whole that are larger than this are skipped ("file too large"): a news article is never this
// big, a JSON document or a UTF-16 JSON Lines file can be, up to this. A UTF-8 JSON Lines file is read a
// chunk at a time, whatever its size.
inline constexpr uint64_t kMaxPageBytes = 32ull << 20;
inline constexpr uint64_t kMaxRecordsFileBytes = 4ull << 30;

}  // namespace fns

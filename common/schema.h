// The index schema: everything the indexer writes and the searcher reads, in one place.
// See ARCHITECTURE.md for the table. Changing anything here means bumping kSchemaVersion.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "analysis.h"
#include "article.h"

namespace fns::schema {

inline constexpr int kSchemaVersion = 4;
// Database metadata keys.
inline constexpr std::string_view kVersionKey = "fns:schema";      // kSchemaVersion, checked on open
inline constexpr std::string_view kFileKeyPrefix = "fns:file:";    // + file key -> FileRecord (incremental runs)
// + file key -> the id terms (NUL-separated) of records the file holds but another file owns (duplicate ids)
inline constexpr std::string_view kClaimsKeyPrefix = "fns:claims:";
// The zstd dictionary the stored records are compressed with (record_codec.h); absent when they are plain.
inline constexpr std::string_view kRecordDictionaryKey = "fns:record-dictionary";

// Term prefixes. Body words are unprefixed (the stems of FrenchAnalyzer, with positions).
inline constexpr std::string_view kIdPrefix = "Q";       // Q<article id>: unique id, boolean
inline constexpr std::string_view kTitlePrefix = "S";    // S<stem>: title words, with positions
inline constexpr std::string_view kSurfacePrefix = "W";  // W<folded word>: words that stemming changed, no positions
inline constexpr std::string_view kSourcePrefix = "XS";  // XS<folded word>: words of the source name / host
inline constexpr std::string_view kFilePrefix = "XF";    // XF<file key>: the file the article came from, boolean
inline constexpr std::string_view kDupPrefix = "XD";     // XD<near-duplicate key>, boolean

// Value slots.
inline constexpr Xapian::valueno kDateSlot = 0;     // publication date "YYYYMMDD"; absent when undated
inline constexpr Xapian::valueno kDupKeySlot = 1;   // near-duplicate key: collapse key of the searcher
inline constexpr Xapian::valueno kTieSlot = 2;      // tie_key(): orders equal scores the same way whatever the
                                                    // layout (one database or shards), on remote shards too

// Title words count this many times in the body field too (on top of the S terms), so that a plain query
// favours articles about the words; tuned on the development queries (docs/BENCHMARKS.md).
inline constexpr Xapian::termcount kTitleWdf = 3;
// The share of a word's weight that a match in the title field adds at query time (the S terms scored
// on their own), on top of kTitleWdf; tuned with it (0.25-0.6 within 0.002). It helps long queries, where
// the words a title shares mark the article's subject among many; in a short query every word is the
// subject, and a title holding one of them should not beat a body holding all: the share grows from 0 at
// kShortQueryWords distinct words to full at kShortQueryWords + kTitleFieldRamp.
inline constexpr double kTitleFieldWeight = 0.45;
inline constexpr size_t kShortQueryWords = 8;
inline constexpr size_t kTitleFieldRamp = 16;
// The share of a word's weight that goes to its folded form as typed (the W term) when stemming changed
// the word, the rest going to the stem: stems conflate (expliquait, expliquer, explication), and the form
// typed is better evidence. A word left whole by stemming has all its weight on the stem, which is its form.
// Chosen on one half of the development queries (shares of 0.4 to 0.6 within 0.001 MRR@10).
inline constexpr double kSurfaceFormShare = 0.5;
// Positions between title and body: phrases never match across fields.
inline constexpr Xapian::termpos kFieldGap = 100;

// The record stored as document data, for presentation: JSON {"id","title","date","updated","url",
// "source","author","path","body"} (dates ISO, absent when unknown). make_document stores it plain; the
// indexer compresses it with the database's dictionary when it has one (record_codec.h).
struct StoredArticle {
    Article article;
    std::string path;  // source file, relative to the folder indexed
};
std::string encode_stored(const StoredArticle& stored);
StoredArticle decode_stored(std::string_view data);  // plain or compressed; throws when it cannot be read
// The record dictionary of `db` (one database), empty when its records are plain.
std::string record_dictionary(const Xapian::Database& db);
// Registers the record dictionary of `db` (one database, not several searched as one), if it has one, so
// that its records can be decoded.
void load_record_dictionary(const Xapian::Database& db);

// The key that syndicated copies of one story share: two MinHash values over the 8-word shingles of the
// folded body. Equal for identical bodies, and for nearly identical ones with high probability (a shingle
// set with Jaccard similarity J gives the same key with probability J squared). Fed word by word.
class NearDuplicateKey {
public:
    void add(std::string_view folded_word);
    std::string key();  // empty for an empty body

private:
    static constexpr size_t kShingle = 8;
    void take_shingle();
    std::array<uint64_t, kShingle> window_{};
    std::array<uint64_t, 2> minimum_{~uint64_t{0}, ~uint64_t{0}};
    size_t count_ = 0;
};

// Xapian refuses terms over 245 bytes. A longer key (a record id that is a long URL, a long path, a
// source name) is cut at a UTF-8 boundary and ends with a hash of the whole, so that it stays unique; the
// full value is kept in the stored record.
inline constexpr size_t kMaxTermBytes = 245;
std::string bounded_term(std::string_view prefix, std::string_view key);
// The unique-id term of an article (Q + its id, bounded).
inline std::string id_term(std::string_view id) { return bounded_term(kIdPrefix, id); }

// Newest first, then by id, in ascending byte order: the 8-digit complement of the date key (undated
// articles after all dated ones), then the id.
std::string tie_key(const Article& article);

// The document for one article: terms, values and data as described above.
Xapian::Document make_document(const StoredArticle& stored, std::string_view file_key, FrenchAnalyzer& analyzer);

// Opens an existing database for reading, checking its schema version.
Xapian::Database open_for_search(const std::string& path);
// Throws std::runtime_error naming the problem when `db` was not written with this schema.
void check_schema(const Xapian::Database& db, const std::string& path);

}  // namespace fns::schema

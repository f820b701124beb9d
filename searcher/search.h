// The search step: a parsed query and options in, ranked hits out, as plain data (presenters print them).
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <unordered_map>
#include <vector>

#include "analysis.h"
#include "date.h"
#include "date_agreement.h"
#include "query_parser.h"
#include "schema.h"
#include "shards.h"
#include "term_at_a_time.h"

namespace fns {

enum class SortOrder { Relevance, Date };

struct RankingParameters {
    // BM25, tuned on the development queries (docs/BENCHMARKS.md): full length normalisation, a little
    // less term-frequency saturation than the usual 1.2 and 0.75 (+0.0025 MRR@10 on either half).
    double k1 = 0.9;
    double b = 1.0;
    // For short queries (at most schema::kShortQueryWords distinct words), where each word is the subject:
    // a word's first occurrences count most, long articles less penalised (+0.010 MRR@10 on 4-word queries).
    double short_k1 = 0.6;
    double short_b = 0.75;
    DateAgreementWeights date_agreement;
};

struct SearchOptions {
    std::optional<Date> from;  // inclusive bounds on the publication date; undated articles never match
    std::optional<Date> to;
    size_t offset = 0;
    size_t limit = 10;
    SortOrder sort = SortOrder::Relevance;
    bool collapse_duplicates = true;
    std::optional<double> recent_half_life_days;  // boost recent articles, relative to the newest one
    bool month_facets = false;
    bool source_facets = false;  // source_label() of every match: reads each match's stored record
    bool explain = false;
    RankingParameters ranking;
};

struct Ranking {
    std::vector<ScoredDocument> documents;  // after the offset, at most the limit
    Xapian::doccount matches_estimated = 0;
    Xapian::doccount matches_lower = 0;
    Xapian::doccount matches_upper = 0;
};

struct Hit {
    size_t rank = 0;  // 1-based, counting the offset
    Xapian::docid docid = 0;
    double score = 0;
    size_t copies = 0;  // near-duplicates collapsed into this hit
    double date_bonus = 0;  // the part of the score the days the query names gave
    schema::StoredArticle stored;
    std::vector<std::string> explanation;  // one line per term, with --explain
};

struct SearchResults {
    std::vector<Hit> hits;
    Xapian::doccount matches_estimated = 0;
    Xapian::doccount matches_lower = 0;
    Xapian::doccount matches_upper = 0;
    std::vector<std::pair<std::string, Xapian::doccount>> months;  // "2024-04", count; with month_facets
    std::vector<std::pair<std::string, Xapian::doccount>> sources;  // most matches first; with source_facets
    std::optional<std::string> suggestion;  // a corrected query (spelling.h: did_you_mean)
    std::vector<std::string> missing_shards;  // shards left out (--allow-partial): name and reason
};

// Counts by name, the largest first and equal counts by name: how sources are listed (facets, --stats).
std::vector<std::pair<std::string, Xapian::doccount>> most_first(
    const std::unordered_map<std::string, Xapian::doccount>& counts);

class SourceCountSpy;

class Searcher {
public:
    // `databases`: paths of databases or stub files; several are searched as one (shards). Throws
    // ShardError when a remote shard does not answer (unless shards.allow_partial).
    explicit Searcher(const std::vector<std::string>& databases, const ShardOptions& shards = {});
    ~Searcher();

    ParsedQuery parse(std::string_view query, Strictness strictness = Strictness::Forgiving);  // throws QueryError
    ParsedQuery parse_plain(std::string_view query);
    // Ranking only: the matching step that benchmarks time. Words-only queries are ranked term at a time
    // (term_at_a_time.h), the others by Xapian's Enquire.
    Ranking rank(const ParsedQuery& query, const SearchOptions& options);
    // Ranking, then the stored articles of the hits.
    SearchResults search(const ParsedQuery& query, const SearchOptions& options);
    FrenchAnalyzer& analyzer() { return analyzer_; }
    // For a process that answers a single query: nothing is cached for later (see TermAtATimeMatcher).
    void answer_one_query() { term_at_a_time_.keep_decoded_lists(false); }

    // Runs `read` (which reads the database), reopening the database and running it again when an indexer
    // has meanwhile discarded the revision being read (Xapian's DatabaseModifiedError), a few times at most.
    // rank() and search() do so themselves; this is for other readers (spelling suggestions).
    template <class Read>
    auto retrying(Read&& read) {
        for (int attempt = 1;; ++attempt) {
            try {
                return read();
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt == kMaxAttempts) throw;
                reopen();
            }
        }
    }
    const Xapian::Database& database() const { return db_; }
    // Shards left out so far (--allow-partial): name and reason.
    const std::vector<std::string>& missing_shards() const { return shards_.missing(); }

private:
    static constexpr int kMaxAttempts = 10;
    // Reopens the database at its latest revision and drops what was cached from the old one.
    void reopen();
    // Runs `step`; when a remote shard fails and partial results are allowed, again without it.
    template <typename Step>
    auto retrying_without_failed_shards(Step step);
    Ranking rank_once(const ParsedQuery& query, const SearchOptions& options);
    SearchResults search_once(const ParsedQuery& query, const SearchOptions& options);

    // The query with its filters and boosts (`date_bonus`: the date agreement's weights, once known).
    Xapian::Query full_query(const ParsedQuery& query, const SearchOptions& options,
                             const Xapian::Query& date_bonus = {}) const;
    std::vector<std::string> explain(const Hit& hit, const ParsedQuery& query, const SearchOptions& options);

    ShardSet shards_;
    Xapian::Database db_;
    FrenchAnalyzer analyzer_;
    QueryParser parser_{analyzer_};
    Ranking rank_with_enquire(const ParsedQuery& query, const SearchOptions& options);

    Xapian::Enquire enquire_;
    std::unique_ptr<Xapian::ValueCountMatchSpy> months_;
    std::unique_ptr<SourceCountSpy> sources_;
    TermAtATimeMatcher term_at_a_time_{db_};
    bool local_ = true;  // remote shards are ranked by Enquire only
};

}  // namespace fns

// Ranking for the commonest query, words only: BM25 scores added up term at a time into an array.
// Xapian's matcher walks a binary tree of OR nodes for every document, which dominates the time of long
// queries (a 20-word query reads some 45,000 postings on OrangeSum); reading each posting list once into
// an accumulator is about four times faster. Same formula and statistics as Xapian::BM25Weight (k2 = 0,
// k3 = 1), so scores agree with Enquire's to rounding; a test checks it.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

#include "date.h"
#include "huge_page_allocator.h"
#include "date_agreement.h"
#include "query_parser.h"

namespace fns {

struct ScoredDocument {
    Xapian::docid docid = 0;
    double score = 0;
    Xapian::doccount copies = 0;  // near-duplicates collapsed into this one
    double date_bonus = 0;        // the part of the score the dates the query names gave (date_agreement.h)
};

struct TermAtATimeResult {
    std::vector<ScoredDocument> documents;  // ranked, after offset, at most limit
    // The documents matching: exact (all three equal) unless pruning skipped postings.
    Xapian::doccount matches_lower = 0, matches_estimated = 0, matches_upper = 0;
};

class TermAtATimeMatcher {
public:
    // `db` must outlive the matcher; a remote database is not supported (use Enquire).
    explicit TermAtATimeMatcher(const Xapian::Database& db) : db_(db) {}

    struct Request {
        double k1 = 1.2;
        double b = 0.75;
        size_t offset = 0;
        size_t limit = 10;
        std::optional<Date> from, to;        // date bounds, inclusive; undated articles never match them
        bool collapse_duplicates = true;
        const DateAgreement* date_agreement = nullptr;  // a bonus for articles dated on the days named
        // Equal scores in the ascending order of this value, as Enquire's relevance-then-value; else by docid.
        std::optional<Xapian::valueno> tie_slot;
        // Pruning (see rank()): only when the terms still to read hold at least this many postings, where
        // it pays; below, every list is read and the count is exact.
        bool prune = true;
        uint64_t min_postings_to_prune = 100000;
    };
    TermAtATimeResult rank(const std::vector<WeightedTerm>& terms, const Request& request);
    // A process that answers one query gains nothing from decoding lists for later (it pays to allocate
    // and fill them): it reads them through Xapian's iterator instead.
    void keep_decoded_lists(bool keep) { keep_decoded_lists_ = keep; }
    // Forgets everything read from the database (document lengths, dates, duplicate keys, decoded posting
    // lists) and any half-done accumulation: after Database::reopen() they describe another revision.
    void clear_cache();

private:
    void load_document_lengths();
    double length_factor() const;  // 1 / the average document length (0 for an empty database)
    void load_dates();
    // Reads the collapse keys of the candidates in [begin, end) not read before.
    void load_duplicate_keys(std::vector<ScoredDocument>::const_iterator begin,
                             std::vector<ScoredDocument>::const_iterator end);

    const Xapian::Database& db_;
    void compute_length_norms(double k1, double b);
    // The postings of a long list, decoded once: a process that answers many queries (a server, --bench)
    // then scores frequent terms from memory instead of through Xapian's iterator, call by call.
    struct DecodedList {
        HugePageVector<Xapian::docid> docids;
        HugePageVector<float> wdfs;
    };
    const DecodedList* decoded_list(const std::string& term, Xapian::doccount frequency);
    std::unordered_map<std::string, DecodedList> decoded_lists_;
    size_t decoded_postings_ = 0;
    bool keep_decoded_lists_ = true;

    HugePageVector<Xapian::termcount> lengths_;  // by docid, loaded on first use
    HugePageVector<double> length_norms_;        // k1 * ((1 - b) + b * normalised length), by docid
    double norms_k1_ = -1, norms_b_ = -1;     // the parameters length_norms_ was computed for
    // Dates are numbered in date order: date_ids_[docid] is 1 + the index in distinct_dates_, 0 when undated.
    // Loaded whole for a date range.
    HugePageVector<uint32_t> date_ids_;
    std::vector<Date> distinct_dates_;
    // The dates of `docids` (sorted in place) into date_keys_ (YYYYMMDD by docid, 0 when not read yet,
    // kUndatedKey when undated), unless date_ids_ holds them all: the date bonus needs a few hundred.
    void read_dates(std::vector<Xapian::docid>& docids);
    // A document's date, from date_ids_ when loaded, else from date_keys_ (read_dates first).
    std::optional<Date> date_of(Xapian::docid docid) const;
    HugePageVector<uint32_t> date_keys_;
    static constexpr uint32_t kUndatedKey = 1;
    // A hash of the collapse key by docid (odd), kNoDuplicateKey when none, 0 when not read yet: read for
    // the candidates a collapse looks at, as it looks at them, so that one query reads a few hundred keys
    // rather than all of them, and a process that answers many queries reads each key once.
    HugePageVector<uint64_t> duplicate_keys_;
    static constexpr uint64_t kNoDuplicateKey = 2;
    HugePageVector<double> scores_;           // the accumulator, by docid; zero between calls
    std::vector<Xapian::docid> touched_;
};

}  // namespace fns

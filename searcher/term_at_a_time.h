// Ranking for the commonest query, words only: BM25 scores added up term at a time into an array.
// Xapian's matcher walks a binary tree of OR nodes for every document, which dominates the time of long
// queries (a 20-word query reads some 45,000 postings on OrangeSum); reading each posting list once into
// an accumulator is about four times faster. Same formula and statistics as Xapian::BM25Weight (k2 = 0,
// k3 = 1), so scores agree with Enquire's to rounding; a test checks it.
#pragma once

#include <xapian.h>

#include <optional>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

#include "date.h"
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
    Xapian::doccount matches = 0;           // exact
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
    };
    TermAtATimeResult rank(const std::vector<WeightedTerm>& terms, const Request& request);

private:
    void load_document_lengths();
    void load_dates();
    void load_duplicate_keys();

    const Xapian::Database& db_;
    void compute_length_norms(double k1, double b);
    // The postings of a long list, decoded once: a process that answers many queries (a server, --bench)
    // then scores frequent terms from memory instead of through Xapian's iterator, call by call.
    struct DecodedList {
        std::vector<Xapian::docid> docids;
        std::vector<float> wdfs;
    };
    const DecodedList* decoded_list(const std::string& term, Xapian::doccount frequency);
    std::unordered_map<std::string, DecodedList> decoded_lists_;
    size_t decoded_postings_ = 0;

    std::vector<Xapian::termcount> lengths_;  // by docid, loaded on first use
    std::vector<double> length_norms_;        // k1 * ((1 - b) + b * normalised length), by docid
    double norms_k1_ = -1, norms_b_ = -1;     // the parameters length_norms_ was computed for
    std::vector<double> add_date_bonus(const DateAgreement& agreement);
    // Dates are numbered in date order: date_ids_[docid] is 1 + the index in distinct_dates_, 0 when undated.
    std::vector<uint32_t> date_ids_;
    std::vector<Date> distinct_dates_;
    std::vector<uint64_t> duplicate_keys_;    // a hash of the collapse key by docid, 0 when none
    std::vector<double> scores_;              // the accumulator, by docid; zero between calls
    std::vector<Xapian::docid> touched_;
};

}  // namespace fns

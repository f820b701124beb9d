#include "term_at_a_time.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "hash.h"
#include "schema.h"

namespace fns {

namespace {

constexpr double kMinNormalisedLength = 0.5;  // Xapian::BM25Weight's min_normlen, as Enquire uses it

// Xapian::BM25Weight::init with no relevance set: the term weight, times (k1 + 1) and the wqf factor.
double term_weight(Xapian::doccount collection, Xapian::doccount frequency, Xapian::termcount wqf, double factor,
                   double k1) {
    double tw = (collection - frequency + 0.5) / (frequency + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;  // Xapian's smoothing of terms in more than a third of documents
    const double k3 = 1;
    return std::log(tw) * factor * ((k3 + 1) * wqf / (k3 + wqf)) * (k1 + 1);
}

uint64_t hash_key(const std::string& key) {
    return fnv1a(key) | 1;  // never 0, which means "no key"
}

}  // namespace

void TermAtATimeMatcher::clear_cache() {
    decoded_lists_.clear();
    decoded_postings_ = 0;
    lengths_.clear();
    length_norms_.clear();
    norms_k1_ = norms_b_ = -1;
    date_ids_.clear();
    distinct_dates_.clear();
    duplicate_keys_.clear();
    scores_.clear();
    touched_.clear();
}

void TermAtATimeMatcher::load_document_lengths() {
    if (!lengths_.empty()) return;
    lengths_.assign(db_.get_lastdocid() + 1, 0);
    for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it) lengths_[*it] = it.get_doclength();
    scores_.assign(lengths_.size(), 0.0);
}

void TermAtATimeMatcher::compute_length_norms(double k1, double b) {
    if (k1 == norms_k1_ && b == norms_b_) return;
    const double average_length = db_.get_avlength();
    const double length_factor = average_length > 0 ? 1 / average_length : 0;
    length_norms_.resize(lengths_.size());
    for (size_t docid = 0; docid < lengths_.size(); ++docid) {
        const double length = std::max(lengths_[docid] * length_factor, kMinNormalisedLength);
        length_norms_[docid] = k1 * (length * b + (1 - b));
    }
    norms_k1_ = k1;
    norms_b_ = b;
}

namespace {
// Lists shorter than this are read directly; decoding them once would not pay.
constexpr Xapian::doccount kMinDecodedList = 512;
// At most this many postings are kept decoded (8 bytes each): a bound on memory.
constexpr size_t kMaxDecodedPostings = size_t{32} << 20;
}  // namespace

const TermAtATimeMatcher::DecodedList* TermAtATimeMatcher::decoded_list(const std::string& term,
                                                                       Xapian::doccount frequency) {
    if (frequency < kMinDecodedList) return nullptr;
    if (auto found = decoded_lists_.find(term); found != decoded_lists_.end()) return &found->second;
    if (decoded_postings_ + frequency > kMaxDecodedPostings) return nullptr;
    DecodedList& list = decoded_lists_[term];
    list.docids.reserve(frequency);
    list.wdfs.reserve(frequency);
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
        list.docids.push_back(*it);
        list.wdfs.push_back(static_cast<float>(it.get_wdf()));
    }
    decoded_postings_ += frequency;
    return &list;
}

void TermAtATimeMatcher::load_dates() {
    if (!date_ids_.empty()) return;
    std::vector<std::pair<Xapian::docid, Date>> dated;
    for (auto it = db_.valuestream_begin(schema::kDateSlot); it != db_.valuestream_end(schema::kDateSlot); ++it) {
        if (const auto date = date_from_key(*it)) dated.emplace_back(it.get_docid(), *date);
    }
    for (const auto& [docid, date] : dated) distinct_dates_.push_back(date);
    std::sort(distinct_dates_.begin(), distinct_dates_.end());
    distinct_dates_.erase(std::unique(distinct_dates_.begin(), distinct_dates_.end()), distinct_dates_.end());
    date_ids_.assign(db_.get_lastdocid() + 1, 0);
    for (const auto& [docid, date] : dated) {
        const auto found = std::lower_bound(distinct_dates_.begin(), distinct_dates_.end(), date);
        date_ids_[docid] = static_cast<uint32_t>(found - distinct_dates_.begin()) + 1;
    }
}

// Adds to each candidate's score its date's share of the best score; returns the bonus by date id (0 for
// undated articles), computed for the dates of every candidate.
std::vector<double> TermAtATimeMatcher::add_date_bonus(const DateAgreement& agreement) {
    load_dates();
    double best = 0;
    for (Xapian::docid docid : touched_) best = std::max(best, scores_[docid]);
    std::vector<double> bonus_by_date(distinct_dates_.size() + 1, -1.0);  // computed once a date
    bonus_by_date[0] = 0;
    for (Xapian::docid docid : touched_) {
        double& bonus = bonus_by_date[date_ids_[docid]];
        if (bonus < 0) bonus = best * agreement.share(distinct_dates_[date_ids_[docid] - 1]);
        scores_[docid] += bonus;
    }
    return bonus_by_date;
}

void TermAtATimeMatcher::load_duplicate_keys(std::vector<ScoredDocument>::const_iterator begin,
                                             std::vector<ScoredDocument>::const_iterator end) {
    if (duplicate_keys_.empty()) duplicate_keys_.assign(db_.get_lastdocid() + 1, 0);
    for (auto candidate = begin; candidate != end; ++candidate) {
        uint64_t& key = duplicate_keys_[candidate->docid];
        if (key != 0) continue;
        const std::string value = db_.get_document(candidate->docid, Xapian::DOC_ASSUME_VALID).get_value(schema::kDupKeySlot);
        key = value.empty() ? kNoDuplicateKey : hash_key(value);
    }
}

TermAtATimeResult TermAtATimeMatcher::rank(const std::vector<WeightedTerm>& terms, const Request& request) {
    load_document_lengths();
    const bool filtered = request.from || request.to;
    if (filtered) load_dates();
    // Date ids are in date order: the bounds become the ids of the first and last dates within them.
    const auto dates_before = [&](const Date& date, bool inclusive) {
        const auto found = inclusive ? std::upper_bound(distinct_dates_.begin(), distinct_dates_.end(), date)
                                     : std::lower_bound(distinct_dates_.begin(), distinct_dates_.end(), date);
        return static_cast<uint32_t>(found - distinct_dates_.begin());
    };
    const uint32_t first_id = request.from ? dates_before(*request.from, false) + 1 : 1;
    const uint32_t last_id = request.to ? dates_before(*request.to, true) : UINT32_MAX;

    compute_length_norms(request.k1, request.b);

    // Postings are read in batches, then scored in a tight loop: reading goes through Xapian's virtual
    // calls, and keeping the arithmetic apart lets the processor overlap the divisions.
    constexpr size_t kBatch = 256;
    Xapian::docid docids[kBatch];
    float wdfs[kBatch];
    const auto score_batch = [&](const Xapian::docid* batch_docids, const float* batch_wdfs, size_t count, double weight) {
        for (size_t i = 0; i < count; ++i) {
            const Xapian::docid docid = batch_docids[i];
            if (filtered && (date_ids_[docid] < first_id || date_ids_[docid] > last_id)) continue;
            const double wdf = batch_wdfs[i];
            double& score = scores_[docid];
            if (score == 0) touched_.push_back(docid);
            score += weight * (wdf / (length_norms_[docid] + wdf));
        }
    };
    const Xapian::doccount collection = db_.get_doccount();
    for (const WeightedTerm& weighted : terms) {
        const Xapian::doccount frequency = db_.get_termfreq(weighted.term);
        if (frequency == 0) continue;
        const double weight = term_weight(collection, frequency, weighted.wqf, weighted.factor, request.k1);
        if (const DecodedList* list = decoded_list(weighted.term, frequency)) {
            score_batch(list->docids.data(), list->wdfs.data(), list->docids.size(), weight);
            continue;
        }
        const Xapian::PostingIterator end = db_.postlist_end(weighted.term);
        for (Xapian::PostingIterator it = db_.postlist_begin(weighted.term); it != end;) {
            size_t count = 0;
            for (; count < kBatch && it != end; ++it, ++count) {
                docids[count] = *it;
                wdfs[count] = static_cast<float>(it.get_wdf());
            }
            score_batch(docids, wdfs, count, weight);
        }
    }

    const bool date_bonus = request.date_agreement && !request.date_agreement->empty() && !touched_.empty();
    const std::vector<double> bonus_by_date = date_bonus ? add_date_bonus(*request.date_agreement) : std::vector<double>{};

    TermAtATimeResult result;
    result.matches = static_cast<Xapian::doccount>(touched_.size());
    std::vector<ScoredDocument> candidates;
    candidates.reserve(touched_.size());
    for (Xapian::docid docid : touched_) {
        candidates.push_back({docid, scores_[docid], 0, date_bonus ? bonus_by_date[date_ids_[docid]] : 0});
        scores_[docid] = 0;
    }
    touched_.clear();
    // Best first; equal scores by the tie key, as Enquire orders them (keys made only for equal scores).
    std::unordered_map<Xapian::docid, std::string> tie_keys;
    const auto tie_key = [&](Xapian::docid docid) -> const std::string& {
        auto [it, is_new] = tie_keys.try_emplace(docid);
        if (is_new) it->second = db_.get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(*request.tie_slot);
        return it->second;
    };
    const auto better = [&](const ScoredDocument& a, const ScoredDocument& b) {
        if (a.score != b.score) return a.score > b.score;
        if (request.tie_slot && a.docid != b.docid) {
            const std::string& key_a = tie_key(a.docid);
            const std::string& key_b = tie_key(b.docid);
            if (key_a != key_b) return key_a < key_b;
        }
        return a.docid < b.docid;
    };
    // Puts the best of [first, last) into [first, middle) in `better` order. Sorted by score first, then by
    // the tie key only within the ties that matter (those inside the head, and the whole tie at its cut-off):
    // short queries give many equal scores, and reading keys for every comparison in the heap cost a
    // database read each.
    const auto place_best = [&](auto first, auto middle, auto last) {
        if (first == middle) return;
        std::partial_sort(first, middle, last, [](const ScoredDocument& a, const ScoredDocument& b) {
            return a.score != b.score ? a.score > b.score : a.docid < b.docid;
        });
        if (!request.tie_slot) return;
        const double cut = (middle - 1)->score;
        const auto first_tied = std::find_if(first, middle, [&](const ScoredDocument& c) { return c.score == cut; });
        const auto last_tied = std::partition(middle, last, [&](const ScoredDocument& c) { return c.score == cut; });
        std::sort(first, first_tied, better);
        std::sort(first_tied, last_tied, better);
    };
    const size_t wanted = request.offset + request.limit;
    if (!request.collapse_duplicates) {
        const size_t head = std::min(wanted, candidates.size());
        place_best(candidates.begin(), candidates.begin() + head, candidates.end());
        for (size_t i = request.offset; i < head; ++i) result.documents.push_back(candidates[i]);
        return result;
    }
    // Collapse: the best of each near-duplicate key stands for it, counting the others seen before the
    // page is full (as Enquire's collapse count does). Candidates are sorted a slice at a time.
    std::vector<ScoredDocument> kept;
    std::unordered_map<uint64_t, size_t> kept_index;
    size_t sorted = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        if (i == sorted) {
            sorted = std::min(candidates.size(), std::max<size_t>(2 * sorted, 4 * wanted + 64));
            place_best(candidates.begin() + i, candidates.begin() + sorted, candidates.end());
            load_duplicate_keys(candidates.begin() + i, candidates.begin() + sorted);
        }
        const ScoredDocument& candidate = candidates[i];
        const uint64_t key = duplicate_keys_[candidate.docid];
        if (key != kNoDuplicateKey) {
            auto [it, is_new] = kept_index.try_emplace(key, kept.size());
            if (!is_new) {
                ++kept[it->second].copies;
                continue;
            }
        }
        if (kept.size() == wanted) break;
        kept.push_back(candidate);
    }
    for (size_t i = request.offset; i < kept.size(); ++i) result.documents.push_back(kept[i]);
    return result;
}

}  // namespace fns

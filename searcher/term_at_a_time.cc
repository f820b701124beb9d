#include "term_at_a_time.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
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

// A date as the number YYYYMMDD.
uint32_t date_number(const Date& date) { return static_cast<uint32_t>(date.year * 10000 + date.month * 100 + date.day); }

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
    date_keys_.clear();
    duplicate_keys_.clear();
    scores_.clear();
    touched_.clear();
}

namespace {
// BM25's length part for a document: k1 * ((1 - b) + b * its length over the average length), the
// normalised length floored as Xapian::BM25Weight floors it.
double length_norm(Xapian::termcount length, double length_factor, double k1, double b) {
    const double normalised = std::max(length * length_factor, kMinNormalisedLength);
    return k1 * (normalised * b + (1 - b));
}
}  // namespace

void TermAtATimeMatcher::load_document_lengths() {
    if (!lengths_.empty()) return;
    lengths_.assign(db_.get_lastdocid() + 1, 0);
    for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it) lengths_[*it] = it.get_doclength();
}

double TermAtATimeMatcher::length_factor() const {
    const double average_length = db_.get_avlength();
    return average_length > 0 ? 1 / average_length : 0;
}

void TermAtATimeMatcher::compute_length_norms(double k1, double b) {
    if (k1 == norms_k1_ && b == norms_b_) return;
    const double factor = length_factor();
    length_norms_.resize(lengths_.size());
    for (size_t docid = 0; docid < lengths_.size(); ++docid) length_norms_[docid] = length_norm(lengths_[docid], factor, k1, b);
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
    if (!keep_decoded_lists_ || frequency < kMinDecodedList) return nullptr;
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
    // Dates are numbered in date order without sorting a million of them: a news archive spans a few
    // thousand days, each date key is read once as a number, and only the distinct ones are sorted.
    std::vector<std::pair<Xapian::docid, uint32_t>> dated;  // docid, YYYYMMDD
    std::unordered_map<uint32_t, uint32_t> id_of_key;        // YYYYMMDD -> date id (0: not a date)
    for (auto it = db_.valuestream_begin(schema::kDateSlot); it != db_.valuestream_end(schema::kDateSlot); ++it) {
        const std::string key = *it;
        uint32_t number = 0;
        if (key.size() != 8 || std::from_chars(key.data(), key.data() + 8, number).ptr != key.data() + 8) continue;
        dated.emplace_back(it.get_docid(), number);
        id_of_key.try_emplace(number, 0);
    }
    std::vector<uint32_t> keys;
    keys.reserve(id_of_key.size());
    for (const auto& [key, id] : id_of_key) keys.push_back(key);
    std::sort(keys.begin(), keys.end());  // YYYYMMDD numbers sort as dates
    for (const uint32_t key : keys) {
        if (const auto date = date_from_key(fmt::format("{:08}", key))) {
            distinct_dates_.push_back(*date);
            id_of_key[key] = static_cast<uint32_t>(distinct_dates_.size());
        }
    }
    date_ids_.assign(db_.get_lastdocid() + 1, 0);
    for (const auto& [docid, key] : dated) date_ids_[docid] = id_of_key[key];
}

void TermAtATimeMatcher::read_dates(std::vector<Xapian::docid>& docids) {
    if (!date_ids_.empty()) return;  // every date is loaded already
    if (date_keys_.empty()) date_keys_.assign(db_.get_lastdocid() + 1, 0);
    std::sort(docids.begin(), docids.end());
    // One walk along the date slot's value stream, skipping to each document: a value read a document at a
    // time costs a lookup each.
    Xapian::ValueIterator it = db_.valuestream_begin(schema::kDateSlot);
    const Xapian::ValueIterator end = db_.valuestream_end(schema::kDateSlot);
    for (Xapian::docid docid : docids) {
        uint32_t& key = date_keys_[docid];
        if (key != 0) continue;  // read for an earlier query
        key = kUndatedKey;
        if (it == end) continue;
        it.skip_to(docid);
        if (it == end || it.get_docid() != docid) continue;
        if (const std::optional<Date> date = date_from_key(*it)) key = date_number(*date);
    }
}

std::optional<Date> TermAtATimeMatcher::date_of(Xapian::docid docid) const {
    if (!date_ids_.empty()) {
        const uint32_t id = date_ids_[docid];
        return id ? std::optional<Date>(distinct_dates_[id - 1]) : std::nullopt;
    }
    const uint32_t key = date_keys_[docid];
    if (key == kUndatedKey) return std::nullopt;
    return Date{static_cast<int>(key / 10000), static_cast<int>(key / 100 % 100), static_cast<int>(key % 100)};
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
    const Xapian::doccount collection = db_.get_doccount();
    struct PlannedTerm {
        const std::string* term;
        Xapian::doccount frequency;
        double weight;  // also the most it adds to a score: wdf / (norm + wdf) < 1
    };
    std::vector<PlannedTerm> plan;
    double remaining = 0;            // the most the terms not read yet can add to a score
    uint64_t remaining_postings = 0;
    for (const WeightedTerm& weighted : terms) {
        const Xapian::doccount frequency = db_.get_termfreq(weighted.term);
        if (frequency == 0) continue;
        plan.push_back({&weighted.term, frequency,
                        term_weight(collection, frequency, weighted.wqf, weighted.factor, request.k1)});
        remaining += plan.back().weight;
        remaining_postings += frequency;
    }
    // Heaviest (rarest) first, so that the top scores take shape early.
    std::stable_sort(plan.begin(), plan.end(), [](const PlannedTerm& a, const PlannedTerm& b) { return a.weight > b.weight; });
    // No word in the collection: nothing to rank, and no reason to read a million document lengths.
    if (plan.empty()) return {};
    // A process that answers one query reads each posting's document length with the posting when its
    // lists hold fewer postings than there are documents: reading every length first (a million) was a
    // quarter of a cold search's time. Otherwise the lengths are read once, their norms kept by docid.
    const bool norms_by_posting = !keep_decoded_lists_ && lengths_.empty() && remaining_postings < db_.get_lastdocid();
    if (!norms_by_posting) {
        load_document_lengths();
        compute_length_norms(request.k1, request.b);
    }
    const double factor = length_factor();
    const auto posting_norm = [&](const Xapian::PostingIterator& it) {
        return norms_by_posting ? length_norm(it.get_doclength(), factor, request.k1, request.b) : length_norms_[*it];
    };
    if (scores_.empty()) scores_.assign(db_.get_lastdocid() + 1, 0.0);
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

    // Postings are read in batches, then scored in a tight loop: reading goes through Xapian's virtual
    // calls, and keeping the arithmetic apart lets the processor overlap the divisions.
    constexpr size_t kBatch = 256;
    Xapian::docid docids[kBatch];
    float wdfs[kBatch];
    double norms[kBatch];
    // `batch_norms`: the documents' length norms, or null to take them from length_norms_.
    const auto score_batch = [&](const Xapian::docid* batch_docids, const float* batch_wdfs, const double* batch_norms,
                                 size_t count, double weight) {
        for (size_t i = 0; i < count; ++i) {
            const Xapian::docid docid = batch_docids[i];
            if (filtered && (date_ids_[docid] < first_id || date_ids_[docid] > last_id)) continue;
            const double wdf = batch_wdfs[i];
            double& score = scores_[docid];
            if (score == 0) touched_.push_back(docid);
            score += weight * (wdf / ((batch_norms ? batch_norms[i] : length_norms_[docid]) + wdf));
        }
    };
    const size_t wanted = request.offset + request.limit;
    // The candidates the page needs: the page, or the first slice of the collapse below.
    const size_t pool = request.collapse_duplicates ? 4 * wanted + 64 : wanted;
    // The pool-th best score among `docids`, found in one pass with a small heap; -inf when fewer.
    const auto pool_threshold = [&](const std::vector<Xapian::docid>& docids) {
        if (pool == 0 || docids.size() <= pool) return -std::numeric_limits<double>::infinity();
        std::vector<double> best;  // a min-heap of the pool best scores so far
        best.reserve(pool);
        for (Xapian::docid docid : docids) {
            const double score = scores_[docid];
            if (best.size() < pool) {
                best.push_back(score);
                std::push_heap(best.begin(), best.end(), std::greater<>());
            } else if (score > best.front()) {
                std::pop_heap(best.begin(), best.end(), std::greater<>());
                best.back() = score;
                std::push_heap(best.begin(), best.end(), std::greater<>());
            }
        }
        return best.front();
    };

    // Pruning (max-score, term at a time): once the pool-th best score so far exceeds what all the terms
    // left could add, a document not met yet cannot reach the page. The terms left then only complete the
    // scores of the documents that still can (the probe set), looked up in their lists instead of reading
    // them whole: a query of a rare and a common word reads a few postings of the common one instead of a
    // third of the collection. The page and its scores are exact; the count becomes an estimate between
    // bounds. Not with the date bonus, which is added after and depends on the best score.
    const bool date_bonus_asked = request.date_agreement && !request.date_agreement->empty();
    const bool may_prune = request.prune && pool > 0 && !date_bonus_asked;
    bool probing = false;
    std::vector<Xapian::docid> probe;  // sorted
    uint64_t probed_postings = 0;
    double next_check = remaining / 2;
    const auto probe_term = [&](const PlannedTerm& planned) {
        probed_postings += planned.frequency;
        const auto add = [&](Xapian::docid docid, double wdf, double norm) {
            double& score = scores_[docid];
            if (score != 0) score += planned.weight * (wdf / (norm + wdf));
        };
        const DecodedList* list = decoded_list(*planned.term, planned.frequency);
        if (list && probe.size() * 16 < list->docids.size()) {
            auto at = list->docids.begin();
            for (Xapian::docid docid : probe) {
                at = std::lower_bound(at, list->docids.end(), docid);
                if (at == list->docids.end()) break;
                if (*at == docid) add(docid, list->wdfs[at - list->docids.begin()], length_norms_[docid]);
            }
        } else if (list) {  // as many candidates as postings: a walk is cheaper than searching
            for (size_t i = 0; i < list->docids.size(); ++i)
                add(list->docids[i], list->wdfs[i], length_norms_[list->docids[i]]);
        } else {
            const Xapian::PostingIterator end = db_.postlist_end(*planned.term);
            Xapian::PostingIterator it = db_.postlist_begin(*planned.term);
            for (Xapian::docid docid : probe) {
                it.skip_to(docid);
                if (it == end) break;
                if (*it == docid) add(docid, it.get_wdf(), posting_norm(it));
            }
        }
    };
    // Non-candidates touched before the switch keep partial scores: only the probe set is ranked.
    for (size_t j = 0; j < plan.size(); ++j) {
        const PlannedTerm& planned = plan[j];
        if (may_prune && !probing && j > 0 && remaining <= next_check &&
            remaining_postings >= request.min_postings_to_prune) {
            next_check = remaining / 2;
            // A pass over every document touched costs milliseconds at a million: a sample first (every
            // stride-th document, its share of the pool) says whether the whole pass can succeed.
            const size_t stride = touched_.size() / std::max<size_t>(1, 64 * pool);
            bool worth_it = true;
            if (stride > 1) {
                std::vector<double> sample;
                for (size_t i = 0; i < touched_.size(); i += stride) sample.push_back(scores_[touched_[i]]);
                const size_t rank_in_sample = std::max<size_t>(1, pool / stride);
                std::nth_element(sample.begin(), sample.begin() + (rank_in_sample - 1), sample.end(), std::greater<>());
                worth_it = sample[rank_in_sample - 1] > remaining;
            }
            const double threshold = worth_it ? pool_threshold(touched_) : -std::numeric_limits<double>::infinity();
            if (threshold > remaining) {
                probing = true;
                for (Xapian::docid docid : touched_)
                    if (scores_[docid] + remaining >= threshold) probe.push_back(docid);
                std::sort(probe.begin(), probe.end());
            }
        }
        if (probing) {
            probe_term(planned);
        } else if (const DecodedList* list = decoded_list(*planned.term, planned.frequency)) {
            score_batch(list->docids.data(), list->wdfs.data(), nullptr, list->docids.size(), planned.weight);
        } else {
            const Xapian::PostingIterator end = db_.postlist_end(*planned.term);
            for (Xapian::PostingIterator it = db_.postlist_begin(*planned.term); it != end;) {
                size_t count = 0;
                for (; count < kBatch && it != end; ++it, ++count) {
                    docids[count] = *it;
                    wdfs[count] = static_cast<float>(it.get_wdf());
                    if (norms_by_posting) norms[count] = posting_norm(it);
                }
                score_batch(docids, wdfs, norms_by_posting ? norms : nullptr, count, planned.weight);
            }
        }
        remaining -= planned.weight;
        remaining_postings -= planned.frequency;
    }

    // The date bonus: each document's date's share of the best score. It lifts a document by at most the
    // best score times the largest share, so only the documents that close to the pool's threshold can
    // reach the page: only their dates are read (half the queries naming a day read a few hundred, where
    // every document's date was read before: a tenth of a cold search at 200k articles). The others get
    // theirs if a collapse needs them. Whether a document has its bonus: its score is at least `bonus_floor`.
    const bool date_bonus = date_bonus_asked && !touched_.empty();
    double best = 0;
    double bonus_floor = std::numeric_limits<double>::infinity();
    std::unordered_map<uint32_t, double> bonus_by_date;  // YYYYMMDD (0: undated) -> bonus
    const auto bonus_of = [&](Xapian::docid docid) {
        const std::optional<Date> date = date_of(docid);
        const uint32_t key = date ? date_number(*date) : 0;
        auto [it, is_new] = bonus_by_date.try_emplace(key, 0.0);
        if (is_new && date) it->second = best * request.date_agreement->share(*date);
        return it->second;
    };
    const auto add_date_bonus = [&](double floor) {  // to the documents without it scoring at least `floor`
        std::vector<Xapian::docid> lifted;
        for (Xapian::docid docid : touched_)
            if (scores_[docid] >= floor && scores_[docid] < bonus_floor) lifted.push_back(docid);
        read_dates(lifted);
        for (Xapian::docid docid : lifted) scores_[docid] += bonus_of(docid);
        bonus_floor = floor;
    };
    if (date_bonus) {
        for (Xapian::docid docid : touched_) best = std::max(best, scores_[docid]);
        // As below: at most twice the pool, every document is a candidate.
        const bool few = touched_.size() <= 2 * pool;
        add_date_bonus(few ? -std::numeric_limits<double>::infinity()
                           : pool_threshold(touched_) - best * request.date_agreement->max_share());
    }

    TermAtATimeResult result;
    const Xapian::doccount touched = static_cast<Xapian::doccount>(touched_.size());
    result.matches_lower = result.matches_upper = result.matches_estimated = touched;
    if (probing) {  // every document touched matches; the lists only probed may hold others
        result.matches_upper = static_cast<Xapian::doccount>(std::min<uint64_t>(collection, touched + probed_postings));
        double none = 1;  // the share of documents holding none of the terms, were they independent
        for (const PlannedTerm& planned : plan) none *= 1 - double(planned.frequency) / collection;
        const double union_estimate = filtered ? touched : collection * (1 - none);
        result.matches_estimated = static_cast<Xapian::doccount>(
            std::clamp(std::llround(union_estimate), static_cast<long long>(result.matches_lower),
                       static_cast<long long>(result.matches_upper)));
    }
    const std::vector<Xapian::docid>& ranked = probing ? probe : touched_;
    // Only the best scores can make the page: the pool-th best is found first, and only the documents
    // scoring at least that become candidates, ties at it included. A query of common words touches most
    // of the collection: building and sorting a candidate for each was a fifth of the time at a million.
    const auto gather = [&](double threshold) {
        std::vector<ScoredDocument> gathered;
        for (Xapian::docid docid : ranked)
            if (scores_[docid] >= threshold)
                gathered.push_back({docid, scores_[docid], 0, date_bonus ? bonus_of(docid) : 0});
        return gathered;
    };
    const double threshold = ranked.size() > 2 * pool ? pool_threshold(ranked) : -std::numeric_limits<double>::infinity();
    std::vector<ScoredDocument> candidates = gather(threshold);
    const bool all_gathered = candidates.size() == ranked.size();
    // The scores stay until the page is made: collapsing may need the documents under the threshold.
    struct ClearScores {
        HugePageVector<double>& scores;
        std::vector<Xapian::docid>& touched;
        ~ClearScores() {
            for (Xapian::docid docid : touched) scores[docid] = 0;
            touched.clear();
        }
    } clear_scores{scores_, touched_};
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
    if (!request.collapse_duplicates) {
        const size_t head = std::min(wanted, candidates.size());
        place_best(candidates.begin(), candidates.begin() + head, candidates.end());
        for (size_t i = request.offset; i < head; ++i) result.documents.push_back(candidates[i]);
        return result;
    }
    // Collapse: the best of each near-duplicate key stands for it, counting the others seen before the
    // page is full (as Enquire's collapse count does). Candidates are sorted a slice at a time. Returns
    // false when the candidates ran out first: then it is done again with every document ranked, and
    // after pruning, with every list read.
    std::vector<ScoredDocument> kept;
    std::unordered_map<uint64_t, size_t> kept_index;
    const auto collapse = [&](std::vector<ScoredDocument>& from) {
        kept.clear();
        kept_index.clear();
        size_t sorted = 0;
        for (size_t i = 0; i < from.size(); ++i) {
            if (i == sorted) {
                sorted = std::min(from.size(), std::max<size_t>(2 * sorted, pool));
                place_best(from.begin() + i, from.begin() + sorted, from.end());
                load_duplicate_keys(from.begin() + i, from.begin() + sorted);
            }
            const ScoredDocument& candidate = from[i];
            const uint64_t key = duplicate_keys_[candidate.docid];
            if (key != kNoDuplicateKey) {
                auto [it, is_new] = kept_index.try_emplace(key, kept.size());
                if (!is_new) {
                    ++kept[it->second].copies;
                    continue;
                }
            }
            if (kept.size() == wanted) return true;
            kept.push_back(candidate);
        }
        return false;
    };
    bool page_full = collapse(candidates);
    if (!page_full && !all_gathered) {
        if (date_bonus) add_date_bonus(-std::numeric_limits<double>::infinity());
        candidates = gather(-std::numeric_limits<double>::infinity());
        page_full = collapse(candidates);
    }
    if (!page_full && probing) {  // the copies took more than the documents that could rank: read every list
        for (Xapian::docid docid : touched_) scores_[docid] = 0;
        touched_.clear();
        Request exhaustive = request;
        exhaustive.prune = false;
        return rank(terms, exhaustive);
    }
    for (size_t i = request.offset; i < kept.size(); ++i) result.documents.push_back(kept[i]);
    return result;
}

}  // namespace fns

#include "search.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>

namespace fns {

std::vector<std::pair<std::string, Xapian::doccount>> most_first(
    const std::unordered_map<std::string, Xapian::doccount>& counts) {
    std::vector<std::pair<std::string, Xapian::doccount>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    return sorted;
}

// Counts the matches by source_label(), from each match's stored record.
class SourceCountSpy : public Xapian::MatchSpy {
public:
    void operator()(const Xapian::Document& document, double) override {
        ++counts_[source_label(schema::decode_stored(document.get_data()).article)];
    }
    std::string name() const override { return "fns::SourceCountSpy"; }
    std::vector<std::pair<std::string, Xapian::doccount>> most_first() const { return fns::most_first(counts_); }

private:
    std::unordered_map<std::string, Xapian::doccount> counts_;
};

namespace {

// Days since 1970-01-01 of a "YYYYMMDD" value, or nullopt.
std::optional<long> day_number(const std::string& key) {
    const auto date = date_from_key(key);
    if (!date) return std::nullopt;
    return date->days_since_epoch();
}

Date next_day(Date date) {
    if (is_valid_date(date.year, date.month, date.day + 1)) return {date.year, date.month, date.day + 1};
    if (date.month < 12) return {date.year, date.month + 1, 1};
    return {date.year + 1, 1, 1};
}

// A weight by publication day, added to the relevance of the articles that match: a ValueMapPostingSource
// over the date slot, which xapian-tcpsrv knows, so that remote shards rank as local ones. Each day from
// the oldest to the newest in the index gets `weight(day)` (days with none are left out).
template <typename Weight>
Xapian::Query day_weights(const Xapian::Database& db, Weight weight) {
    const auto first = date_from_key(db.get_value_lower_bound(schema::kDateSlot));
    const auto last = date_from_key(db.get_value_upper_bound(schema::kDateSlot));
    if (!first || !last) return {};
    auto source = std::make_unique<Xapian::ValueMapPostingSource>(schema::kDateSlot);
    bool any = false;
    for (Date day = *first; day <= *last; day = next_day(day)) {
        const double w = weight(day);
        if (w <= 0) continue;
        source->add_mapping(day.key(), w);
        any = true;
    }
    if (!any) return {};
    return Xapian::Query(source.release()->release());
}

// BM25's k1 and b for this query: short queries have their own (RankingParameters).
std::pair<double, double> bm25_parameters(const ParsedQuery& parsed, const RankingParameters& ranking) {
    const std::set<std::string> words(parsed.terms.begin(), parsed.terms.end());
    if (words.size() <= schema::kShortQueryWords) return {ranking.short_k1, ranking.short_b};
    return {ranking.k1, ranking.b};
}

// How much the recency boost can add at most: about a strong term's share of a BM25 score.
constexpr double kRecencyMaxWeight = 2.0;

}  // namespace

Searcher::Searcher(const std::vector<std::string>& databases, const ShardOptions& shards)
    : shards_(databases, shards), db_(shards_.database()), enquire_(db_), local_(!shards_.any_remote()) {
}

template <typename Step>
auto Searcher::retrying_without_failed_shards(Step step) {
    for (;;) {
        try {
            return step();
        } catch (const Xapian::Error& error) {
            if (!shards_.handle_failure(error)) throw;
            db_ = shards_.database();
            enquire_ = Xapian::Enquire(db_);
        }
    }
}

Searcher::~Searcher() = default;

ParsedQuery Searcher::parse(std::string_view query, Strictness strictness) { return parser_.parse(query, strictness); }

void Searcher::reopen() {
    db_.reopen();  // enquire_ shares db_'s handle, so it reads the new revision too
    shards_.load_record_dictionaries();
    term_at_a_time_.clear_cache();
    months_.reset();
}

ParsedQuery Searcher::parse_plain(std::string_view query) { return parser_.parse_plain(query); }

Xapian::Query Searcher::full_query(const ParsedQuery& parsed, const SearchOptions& options,
                                   const Xapian::Query& date_bonus) const {
    const bool dated = options.from || options.to;
    const Xapian::Query dates = dated ? date_range_query(options.from, options.to) : Xapian::Query();
    Xapian::Query query = parsed.query;
    if (query.empty()) {
        if (!dated) return {};
        query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, dates, 0.0);
    }
    if (options.recent_half_life_days) {
        const auto newest = day_number(db_.get_value_upper_bound(schema::kDateSlot));
        const double half_life = *options.recent_half_life_days;
        const Xapian::Query recency = day_weights(db_, [&](const Date& day) {
            return kRecencyMaxWeight * std::exp2(-std::max(0L, *newest - day.days_since_epoch()) / half_life);
        });
        if (!recency.empty()) query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, recency);
    }
    if (!date_bonus.empty()) query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, date_bonus);
    if (dated && !parsed.query.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, dates);
    return query;
}

Ranking Searcher::rank_with_enquire(const ParsedQuery& parsed, const SearchOptions& options) {
    Xapian::Query query = full_query(parsed, options);
    if (query.empty()) return {};
    enquire_.set_query(query);
    const auto [k1, b] = bm25_parameters(parsed, options.ranking);
    enquire_.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
    enquire_.set_collapse_key(options.collapse_duplicates ? schema::kDupKeySlot : Xapian::BAD_VALUENO);
    if (options.sort == SortOrder::Date)
        enquire_.set_sort_by_value_then_relevance(schema::kDateSlot, true);
    else
        // Equal scores newest first, then by id (schema::tie_key): the same order whatever the layout.
        // Xapian would order them by document number, which depends on how shards interleave.
        enquire_.set_sort_by_relevance_then_value(schema::kTieSlot, false);
    enquire_.clear_matchspies();
    // The date bonus is a share of the best score: a first pass finds it.
    const DateAgreement agreement(parsed.date_mentions, options.ranking.date_agreement);
    double best_without_bonus = 0;
    if (!agreement.empty() && options.sort == SortOrder::Relevance) {
        best_without_bonus = enquire_.get_mset(0, 1).get_max_attained();
        const Xapian::Query bonus =
            best_without_bonus > 0
                ? day_weights(db_, [&](const Date& day) { return best_without_bonus * agreement.share(day); })
                : Xapian::Query();
        if (!bonus.empty()) enquire_.set_query(full_query(parsed, options, bonus));
    }
    Xapian::doccount check_at_least = 0;
    if (options.month_facets) {
        months_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kDateSlot);
        enquire_.add_matchspy(months_.get());
    }
    if (options.source_facets) {
        sources_ = std::make_unique<SourceCountSpy>();
        enquire_.add_matchspy(sources_.get());
    }
    if (options.month_facets || options.source_facets) check_at_least = db_.get_doccount();  // every match seen
    const Xapian::MSet mset = enquire_.get_mset(options.offset, options.limit, check_at_least);
    // Matches count articles, copies included, as the term-at-a-time matcher does.
    Ranking ranking;
    ranking.matches_estimated = mset.get_uncollapsed_matches_estimated();
    ranking.matches_lower = mset.get_uncollapsed_matches_lower_bound();
    ranking.matches_upper = mset.get_uncollapsed_matches_upper_bound();
    // A query without weight (a date: or source: filter alone) stops once the page is full, its estimate
    // then the page size: count every match instead, in a pass over the filter without collapsing.
    if (mset.get_max_possible() == 0 && ranking.matches_lower != ranking.matches_upper) {
        Xapian::Enquire counter(db_);
        counter.set_query(query);
        const Xapian::MSet all = counter.get_mset(0, 0, db_.get_doccount());
        ranking.matches_estimated = all.get_matches_estimated();
        ranking.matches_lower = all.get_matches_lower_bound();
        ranking.matches_upper = all.get_matches_upper_bound();
    }
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        ScoredDocument document{*it, it.get_weight(), options.collapse_duplicates ? it.get_collapse_count() : 0};
        if (best_without_bonus > 0) {
            if (const auto date = date_from_key(it.get_document().get_value(schema::kDateSlot)))
                document.date_bonus = best_without_bonus * agreement.share(*date);
        }
        ranking.documents.push_back(document);
    }
    return ranking;
}

Ranking Searcher::rank(const ParsedQuery& parsed, const SearchOptions& options) {
    return retrying_without_failed_shards([&] { return retrying([&] { return rank_once(parsed, options); }); });
}

Ranking Searcher::rank_once(const ParsedQuery& parsed, const SearchOptions& options) {
    months_.reset();
    sources_.reset();
    const bool term_at_a_time = parsed.words_only && local_ && options.sort == SortOrder::Relevance &&
                                !options.recent_half_life_days && !options.month_facets && !options.source_facets;
    if (!term_at_a_time) return rank_with_enquire(parsed, options);
    TermAtATimeMatcher::Request request;
    std::tie(request.k1, request.b) = bm25_parameters(parsed, options.ranking);
    request.offset = options.offset;
    request.limit = options.limit;
    request.from = options.from;
    request.to = options.to;
    request.collapse_duplicates = options.collapse_duplicates;
    const DateAgreement agreement(parsed.date_mentions, options.ranking.date_agreement);
    request.date_agreement = &agreement;
    request.tie_slot = schema::kTieSlot;
    TermAtATimeResult result = term_at_a_time_.rank(*parsed.words_only, request);
    Ranking ranking;
    ranking.documents = std::move(result.documents);
    ranking.matches_estimated = result.matches_estimated;
    ranking.matches_lower = result.matches_lower;
    ranking.matches_upper = result.matches_upper;
    return ranking;
}

// Ranking and reading the hits' documents are one unit: after a reopen the docids may name other articles.
SearchResults Searcher::search(const ParsedQuery& parsed, const SearchOptions& options) {
    return retrying_without_failed_shards([&] { return retrying([&] { return search_once(parsed, options); }); });
}

SearchResults Searcher::search_once(const ParsedQuery& parsed, const SearchOptions& options) {
    SearchResults results;
    const Ranking ranking = rank_once(parsed, options);
    results.matches_estimated = ranking.matches_estimated;
    results.matches_lower = ranking.matches_lower;
    results.matches_upper = ranking.matches_upper;
    for (size_t i = 0; i < ranking.documents.size(); ++i) {
        const ScoredDocument& ranked = ranking.documents[i];
        Hit hit;
        hit.rank = options.offset + i + 1;
        hit.docid = ranked.docid;
        hit.score = ranked.score;
        hit.copies = ranked.copies;
        hit.date_bonus = ranked.date_bonus;
        hit.stored = schema::decode_stored(db_.get_document(ranked.docid).get_data());
        if (options.explain) hit.explanation = explain(hit, parsed, options);
        results.hits.push_back(std::move(hit));
    }
    if (months_) {
        std::map<std::string, Xapian::doccount> by_month;
        for (auto it = months_->values_begin(); it != months_->values_end(); ++it) {
            const std::string key = *it;
            if (key.size() == 8) by_month[key.substr(0, 4) + "-" + key.substr(4, 2)] += it.get_termfreq();
        }
        results.months.assign(by_month.begin(), by_month.end());
    }
    results.missing_shards = shards_.missing();
    if (sources_) results.sources = sources_->most_first();
    return results;
}

// Each query term's share of the hit's score: the same BM25 weighting, run for that term on that document.
std::vector<std::string> Searcher::explain(const Hit& hit, const ParsedQuery& parsed, const SearchOptions& options) {
    std::vector<std::string> lines;
    Xapian::Enquire single(db_);
    const auto [k1, b] = bm25_parameters(parsed, options.ranking);
    single.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
    const Xapian::Query this_doc(schema::id_term(hit.stored.article.id));
    double total = 0;
    std::vector<std::string> seen;
    for (const std::string& term : parsed.terms) {
        if (std::find(seen.begin(), seen.end(), term) != seen.end()) continue;
        seen.push_back(term);
        single.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), this_doc));
        const Xapian::MSet mset = single.get_mset(0, 1);
        if (mset.empty()) continue;
        Xapian::termcount wdf = 0;
        const Xapian::Document doc = mset.begin().get_document();
        auto t = doc.termlist_begin();
        t.skip_to(term);
        if (t != doc.termlist_end() && *t == term) wdf = t.get_wdf();
        total += mset.begin().get_weight();
        lines.push_back(fmt::format("{:>8.3f}  {}  (in {} here, title words count {}x; in {} of {} articles)",
                                    mset.begin().get_weight(), term, wdf, schema::kTitleWdf,
                                    db_.get_termfreq(term), db_.get_doccount()));
    }
    if (hit.date_bonus > 0) {
        lines.push_back(fmt::format("{:>8.3f}  published on (or the day after) a day the query names", hit.date_bonus));
        total += hit.date_bonus;
    }
    if (hit.score - total > 0.0005)
        lines.push_back(fmt::format("{:>8.3f}  forms as typed, title field, phrases or recency boost", hit.score - total));
    lines.push_back(fmt::format("{:>8.3f}  total (BM25 k1={} b={})", hit.score, k1, b));
    return lines;
}

}  // namespace fns

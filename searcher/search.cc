#include "search.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <tuple>

namespace fns {

namespace {

Xapian::Database open_all(const std::vector<std::string>& paths) {
    Xapian::Database all;
    for (const std::string& path : paths) all.add_database(schema::open_for_search(path));
    return all;
}

// Days since 1970-01-01 of a "YYYYMMDD" value, or nullopt.
std::optional<long> day_number(const std::string& key) {
    const auto date = date_from_key(key);
    if (!date) return std::nullopt;
    return date->days_since_epoch();
}

// A weight that halves every `half_life_days` before the newest article in the index, added to the
// relevance of articles that match the query.
class RecencySource : public Xapian::ValuePostingSource {
public:
    RecencySource(double half_life_days, long newest_day, double max_weight)
        : Xapian::ValuePostingSource(schema::kDateSlot),
          half_life_days_(half_life_days), newest_day_(newest_day), max_weight_(max_weight) {
        set_maxweight(max_weight_);
    }
    double get_weight() const override {
        const auto day = day_number(get_value());
        if (!day) return 0;
        const double age = std::max(0L, newest_day_ - *day);
        return max_weight_ * std::exp2(-age / half_life_days_);
    }
    RecencySource* clone() const override { return new RecencySource(half_life_days_, newest_day_, max_weight_); }
    std::string name() const override { return "fns::RecencySource"; }

private:
    double half_life_days_;
    long newest_day_;
    double max_weight_;
};

// The date agreement bonus (date_agreement.h) for Enquire: `best` is the query's best score without it.
class DateAgreementSource : public Xapian::ValuePostingSource {
public:
    DateAgreementSource(const DateAgreement& agreement, double best)
        : Xapian::ValuePostingSource(schema::kDateSlot), agreement_(agreement), best_(best) {
        set_maxweight(best_ * agreement_.max_share());
    }
    double get_weight() const override {
        const auto date = date_from_key(get_value());
        return date ? best_ * agreement_.share(*date) : 0;
    }
    DateAgreementSource* clone() const override { return new DateAgreementSource(agreement_, best_); }
    std::string name() const override { return "fns::DateAgreementSource"; }

private:
    DateAgreement agreement_;
    double best_;
};

// BM25's k1 and b for this query: short queries have their own (RankingParameters).
std::pair<double, double> bm25_parameters(const ParsedQuery& parsed, const RankingParameters& ranking) {
    const std::set<std::string> words(parsed.terms.begin(), parsed.terms.end());
    if (words.size() <= schema::kShortQueryWords) return {ranking.short_k1, ranking.short_b};
    return {ranking.k1, ranking.b};
}

// How much the recency boost can add at most: about a strong term's share of a BM25 score.
constexpr double kRecencyMaxWeight = 2.0;

}  // namespace

Searcher::Searcher(const std::vector<std::string>& databases)
    : db_(open_all(databases)), enquire_(db_),
      local_(db_.get_description().find("Remote") == std::string::npos) {}

ParsedQuery Searcher::parse(std::string_view query) { return parser_.parse(query); }

ParsedQuery Searcher::parse_plain(std::string_view query) { return parser_.parse_plain(query); }

Xapian::Query Searcher::full_query(const ParsedQuery& parsed, const SearchOptions& options) const {
    Xapian::Query query = parsed.query;
    if (options.from || options.to) {
        const Xapian::Query dates = date_range_query(options.from, options.to);
        query = query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, dates, 0.0)
                              : Xapian::Query(Xapian::Query::OP_FILTER, query, dates);
    }
    if (options.recent_half_life_days && !query.empty()) {
        const auto newest = day_number(db_.get_value_upper_bound(schema::kDateSlot));
        if (newest) {
            auto source = std::make_unique<RecencySource>(*options.recent_half_life_days, *newest, kRecencyMaxWeight);
            query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source.release()->release()));
        }
    }
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
        enquire_.set_sort_by_relevance();
    enquire_.clear_matchspies();
    // The date bonus is a share of the best score: a first pass finds it. Not for remote shards:
    // xapian-tcpsrv knows Xapian's own posting sources only.
    const DateAgreement agreement(parsed.date_mentions, options.ranking.date_agreement);
    double best_without_bonus = 0;
    if (local_ && !agreement.empty() && options.sort == SortOrder::Relevance) {
        best_without_bonus = enquire_.get_mset(0, 1).get_max_attained();
        if (best_without_bonus > 0) {
            auto source = std::make_unique<DateAgreementSource>(agreement, best_without_bonus);
            query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source.release()->release()));
            enquire_.set_query(query);
        }
    }
    Xapian::doccount check_at_least = 0;
    if (options.month_facets) {
        months_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kDateSlot);
        enquire_.add_matchspy(months_.get());
        check_at_least = db_.get_doccount();  // exact counts: every match is seen
    }
    const Xapian::MSet mset = enquire_.get_mset(options.offset, options.limit, check_at_least);
    Ranking ranking;
    ranking.matches_estimated = mset.get_matches_estimated();
    ranking.matches_lower = mset.get_matches_lower_bound();
    ranking.matches_upper = mset.get_matches_upper_bound();
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
    months_.reset();
    const bool term_at_a_time = parsed.words_only && local_ && options.sort == SortOrder::Relevance &&
                                !options.recent_half_life_days && !options.month_facets;
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
    TermAtATimeResult result = term_at_a_time_.rank(*parsed.words_only, request);
    Ranking ranking;
    ranking.documents = std::move(result.documents);
    ranking.matches_estimated = ranking.matches_lower = ranking.matches_upper = result.matches;
    return ranking;
}



SearchResults Searcher::search(const ParsedQuery& parsed, const SearchOptions& options) {
    SearchResults results;
    const Ranking ranking = rank(parsed, options);
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
    return results;
}

// Each query term's share of the hit's score: the same BM25 weighting, run for that term on that document.
std::vector<std::string> Searcher::explain(const Hit& hit, const ParsedQuery& parsed, const SearchOptions& options) {
    std::vector<std::string> lines;
    Xapian::Enquire single(db_);
    const auto [k1, b] = bm25_parameters(parsed, options.ranking);
    single.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
    const Xapian::Query this_doc(std::string(schema::kIdPrefix) + hit.stored.article.id);
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

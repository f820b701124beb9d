// A ranking signal of news search: a query that names a day ("jeudi", "le 2 juin", "19/04/2024") is about
// what happened that day, and news reports it that day or the next. Articles dated so get a bonus: a share
// of the query's best score, so that it reorders close candidates without lifting weak matches.
// Measured on the OrangeSum development queries (docs/BENCHMARKS.md): 40% name a weekday and 19% a day;
// the article sought is dated on the weekday named in 58% of those, the day after in 25%.
#pragma once

#include <utility>
#include <vector>

#include "date.h"

namespace fns {

struct DateAgreementWeights {
    double weekday = 0.2;  // share of the best score for an article dated on the weekday named
    double day = 0.3;      // ... on the day of the month named
    // An article dated the next day gets half of these.
};

class DateAgreement {
public:
    DateAgreement(std::vector<DateMention> mentions, DateAgreementWeights weights)
        : mentions_(std::move(mentions)), weights_(weights) {}
    bool empty() const { return mentions_.empty(); }
    // The share of the best score an article published on `date` gets: 0 when it agrees with no mention.
    double share(const Date& date) const;
    // The largest share any date can get.
    double max_share() const;

private:
    std::vector<DateMention> mentions_;
    DateAgreementWeights weights_;
};

}  // namespace fns

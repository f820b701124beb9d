#include "date_agreement.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace fns {

namespace {

// How much an article `days_after` the day named agrees with it: the same day fully, the next day half.
double agreement(long days_after) {
    if (days_after == 0) return 1.0;
    if (days_after == 1) return 0.5;
    return 0.0;
}

// Days from the day `mention` names to `date`; a day named without a year is taken in the year that
// puts it nearest to the date. None when the day exists in none of the years around the date.
std::optional<long> days_after_mention(const DateMention& mention, const Date& date) {
    const long day = date.days_since_epoch();
    std::optional<long> nearest;
    for (int year : {date.year - 1, date.year, date.year + 1}) {
        if (mention.year != 0 && year != mention.year) continue;
        if (!is_valid_date(year, mention.month, mention.day)) continue;
        const long difference = day - Date{year, mention.month, mention.day}.days_since_epoch();
        if (!nearest || std::labs(difference) < std::labs(*nearest)) nearest = difference;
    }
    return nearest;
}

}  // namespace

double DateAgreement::share(const Date& date) const {
    double weekday = 0, day = 0;
    for (const DateMention& mention : mentions_) {
        if (mention.weekday >= 0) {
            weekday = std::max(weekday, agreement((date.weekday() - mention.weekday + 7) % 7));
        } else if (const auto days_after = days_after_mention(mention, date)) {
            day = std::max(day, agreement(*days_after));
        }
    }
    return weights_.weekday * weekday + weights_.day * day;
}

double DateAgreement::max_share() const {
    const bool weekday = std::any_of(mentions_.begin(), mentions_.end(), [](const DateMention& m) { return m.weekday >= 0; });
    const bool day = std::any_of(mentions_.begin(), mentions_.end(), [](const DateMention& m) { return m.weekday < 0; });
    return (weekday ? weights_.weekday : 0) + (day ? weights_.day : 0);
}

}  // namespace fns

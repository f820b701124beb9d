// The bonus for articles dated on the days a query names: a full share on the day, half the next day.
#include <doctest/doctest.h>

#include "date_agreement.h"

using fns::Date;
using fns::DateAgreement;
using fns::DateMention;

namespace {
constexpr fns::DateAgreementWeights kWeights{0.2, 0.3};
}  // namespace

TEST_CASE("DateAgreement: a weekday named, the day and the day after") {
    const DateAgreement thursday({DateMention{3, 0, 0, 0}}, kWeights);
    CHECK(thursday.share(Date{2024, 4, 18}) == doctest::Approx(0.2));  // a Thursday
    CHECK(thursday.share(Date{2024, 4, 19}) == doctest::Approx(0.1));  // the Friday after
    CHECK(thursday.share(Date{2024, 4, 17}) == 0);                     // the Wednesday before
    CHECK(thursday.share(Date{2024, 4, 20}) == 0);
    CHECK(thursday.max_share() == doctest::Approx(0.2));
}

TEST_CASE("DateAgreement: a day named, with or without its year") {
    const DateAgreement with_year({DateMention{-1, 2024, 4, 19}}, kWeights);
    CHECK(with_year.share(Date{2024, 4, 19}) == doctest::Approx(0.3));
    CHECK(with_year.share(Date{2024, 4, 20}) == doctest::Approx(0.15));
    CHECK(with_year.share(Date{2023, 4, 19}) == 0);  // another year
    CHECK(with_year.share(Date{2024, 4, 18}) == 0);

    // Without a year, the year that puts the day nearest the article: 31 December before 1 January.
    const DateAgreement new_year_eve({DateMention{-1, 0, 12, 31}}, kWeights);
    CHECK(new_year_eve.share(Date{2025, 1, 1}) == doctest::Approx(0.15));
    CHECK(new_year_eve.share(Date{2019, 12, 31}) == doctest::Approx(0.3));
    CHECK(new_year_eve.share(Date{2019, 12, 30}) == 0);

    const DateAgreement leap_day({DateMention{-1, 0, 2, 29}}, kWeights);
    CHECK(leap_day.share(Date{2024, 2, 29}) == doctest::Approx(0.3));
    CHECK(leap_day.share(Date{2024, 3, 1}) == doctest::Approx(0.15));
    CHECK(leap_day.share(Date{2023, 3, 1}) == 0);  // no 29 February in 2023
}

TEST_CASE("DateAgreement: a weekday and a day add up - no mention gives nothing") {
    const DateAgreement both({DateMention{4, 0, 0, 0}, DateMention{-1, 0, 4, 19}}, kWeights);
    CHECK(both.share(Date{2024, 4, 19}) == doctest::Approx(0.5));  // Friday 19 April 2024
    CHECK(both.share(Date{2019, 4, 19}) == doctest::Approx(0.5));  // also a Friday
    CHECK(both.share(Date{2024, 4, 12}) == doctest::Approx(0.2));  // a Friday, another day
    CHECK(both.max_share() == doctest::Approx(0.5));

    const DateAgreement none({}, kWeights);
    CHECK(none.empty());
    CHECK(none.share(Date{2024, 4, 19}) == 0);
    CHECK(none.max_share() == 0);
}

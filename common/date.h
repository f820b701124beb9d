// Calendar dates and the parsing of dates as people write them (ISO 8601, French and other languages' prose).
// Shared by the indexer (publication dates) and the searcher (--from/--to and date: ranges).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <cstdint>

namespace fns {

struct Date {
    int year = 0;
    int month = 0;  // 1..12
    int day = 0;    // 1..31

    // "2024-04-19"
    std::string iso() const;
    // "20240419": the sortable form stored in the date value slot.
    std::string key() const;
    // 0 = Monday .. 6 = Sunday
    int weekday() const;
    // Days since 1970-01-01 (negative before).
    long days_since_epoch() const;
    bool operator==(const Date&) const = default;
    auto operator<=>(const Date&) const = default;
};

bool is_valid_date(int year, int month, int day);
// Inverse of Date::key(); nullopt when the string is not 8 digits of a valid date.
std::optional<Date> date_from_key(std::string_view key);

// A string that holds one date and little else: ISO 8601 with optional time and zone
// ("2024-04-19", "2024-04-19T08:30:00+02:00", "20240419"), numeric day-first forms ("19/04/2024",
// "19.04.2024", "19-04-2024"), written forms in French and other common languages ("19 avril 2024",
// "vendredi 19 avril 2024 à 08h30", "1er mai 2024", "19 sept. 2024", "April 19, 2024", "19. April 2024",
// RFC 822 "Fri, 19 Apr 2024 08:30:00 GMT"). Returns nullopt when no complete, valid date is found.
std::optional<Date> parse_date(std::string_view text);

// Date bounds for filters: "2024" -> [2024-01-01, 2024-12-31], "2024-04" and "avril 2024" -> whole month,
// "2024-04-19" and "19/04/2024" -> that day.
struct DateSpan {
    Date first;
    Date last;
};
std::optional<DateSpan> parse_date_span(std::string_view text);

// Find the publication date written in article prose near its top: "Publié le 20 septembre 2024 à 00h14",
// "19/04/2024", "le 3 mars", "vendredi 19 avril". A date without a year takes its year from the weekday
// when one is given (the latest year, among those the text mentions and the ones around them, in which that
// day falls on that weekday), else from the latest year written in the text; without any, no date.
// Dates marked as updates ("Mis à jour le ...") are never returned. `not_after` (when set) rejects dates
// later than it (a crawl or file date); dates before 1995 are rejected as implausible for web news.
struct ProseDateOptions {
    std::optional<Date> not_after;
    size_t max_chars = 3000;  // only the top of the text is searched (bytes, cut at a UTF-8 boundary)
};
std::optional<Date> find_date_in_prose(std::string_view text, const ProseDateOptions& options = {});

// Every date find_date_in_prose would consider, in text order, with the cue that marks it: "Publié le",
// "Updated", or none. Year-less dates get their year as find_date_in_prose gives it; dates it would reject
// (implausible, after `not_after`, no year to give) are left out.
struct ProseDate {
    enum class Cue : uint8_t { none, published, updated };
    Date date;
    Cue cue = Cue::none;
    size_t offset = 0;      // byte offset in the text where the date starts
    bool has_year = true;   // the year was written
    bool end_date = false;  // the end of a span or period ("jusqu'au 30 avril")
};
std::vector<ProseDate> find_dates_in_prose(std::string_view text, const ProseDateOptions& options = {});

// The days a short text such as a query names: French weekday names ("jeudi") and days of a month, with or
// without a year ("le 2 juin", "1er mai 2024", "19/04/2024", "vendredi 19 avril": one mention, the day).
struct DateMention {
    int weekday = -1;  // 0 = Monday .. 6 = Sunday, for a weekday named alone; -1 for a day of a month
    int year = 0;      // 0 when not written
    int month = 0;
    int day = 0;
    bool operator==(const DateMention&) const = default;
};
std::vector<DateMention> find_date_mentions(std::string_view text);

}  // namespace fns

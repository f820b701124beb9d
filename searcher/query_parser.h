// The query language: words (case, accents and elisions ignored, stemmed), "exact phrases", AND OR NOT
// and their French ET OU SAUF (in capitals), +required, -excluded, prefix*, parentheses, field prefixes
// titre:/title:, source:, and date ranges date:2024, date:2024-04, date:2024-04-01..2024-04-30,
// date:2024-04..2024-06, date:..2023-12-31, date:2024-01-01.. . Words go through the same FrenchAnalyzer as
// the indexed text, so both sides always agree.
// Forgiving by default: what a person types or pastes is searched. A quote left open closes at the end,
// unbalanced parentheses are balanced, operators with nothing to join and a lone `-word` are dropped or read
// as words, and each repair is noted in ParsedQuery::notes. Strict parsing throws QueryError instead. A
// date: value that is not a date range is an error either way: searching without it would return articles
// from outside the dates asked for.
#pragma once

#include <xapian.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analysis.h"
#include "date.h"

namespace fns {

// A query that cannot be parsed; `column` (0-based, in bytes) points at the problem.
struct QueryError : std::runtime_error {
    QueryError(const std::string& message, size_t column) : std::runtime_error(message), column(column) {}
    size_t column;
};

// One term of a query that is only words, with what BM25 needs: its query frequency and weight factor.
struct WeightedTerm {
    std::string term;
    Xapian::termcount wqf = 1;
    double factor = 1.0;
};

// Bounds that keep any query cheap: parentheses deeper than this are dropped (forgiving) or rejected
// (strict); words with * beyond kMaxWildcards are searched as plain words or rejected; each word with *
// stands for at most kMaxWildcardExpansion indexed words, the most frequent (Xapian's max expansion).
inline constexpr size_t kMaxNesting = 50;
inline constexpr size_t kMaxWildcards = 8;
inline constexpr Xapian::termcount kMaxWildcardExpansion = 200;

enum class Strictness { Forgiving, Strict };

struct ParsedQuery {
    Xapian::Query query;             // empty when the query had no searchable word and no filter
    std::vector<std::string> terms;  // the body terms asked for, for highlighting and spelling
    bool has_date_filter = false;
    // Set when the query is only words (no operators, phrases, fields or wildcards): `query` is then the
    // OR of these terms, each weighted by BM25 with its wqf and factor, and can be ranked term at a time.
    std::optional<std::vector<WeightedTerm>> words_only;
    // The days the query names ("jeudi", "le 2 juin"), a ranking signal (date_agreement.h).
    std::vector<DateMention> date_mentions;
    // Forgiving mode: how each malformed part was read ("the quote at column 8 closed at the end").
    std::vector<std::string> notes;
    // Some words were given, all of them stop words ("le la les"): said apart from queries with no word.
    bool only_stop_words = false;
};

class QueryParser {
public:
    explicit QueryParser(FrenchAnalyzer& analyzer) : analyzer_(analyzer) {}
    ParsedQuery parse(std::string_view text, Strictness strictness = Strictness::Forgiving);
    // The text as plain words, whatever it contains: no operators, phrases, fields or errors. For scripts
    // that replay text people wrote (a quote left open is then just a character).
    ParsedQuery parse_plain(std::string_view text);

private:
    FrenchAnalyzer& analyzer_;
};

// A Xapian filter on the date slot for [first, last], either bound optional (both unset: no filter).
Xapian::Query date_range_query(const std::optional<Date>& first, const std::optional<Date>& last);

// "2024-04..2024-06", "..2023-12-31", "2024": the days from the start of the first span to the end of the
// last. Throws QueryError (column relative to the text) when a bound is not a date.
std::pair<std::optional<Date>, std::optional<Date>> parse_date_range(std::string_view text);

// The two lines that point at a problem in a query: the query and a caret under byte `column`. A long
// query is cut to about `width` characters around the column (cuts marked "..."); line breaks and tabs
// are shown as spaces so that the caret stays under its character.
std::pair<std::string, std::string> point_at(std::string_view query, size_t column, size_t width = 72);

}  // namespace fns

// "Did you mean": when a query finds nothing, each of its words that the index does not know is replaced
// by the most frequent indexed word within a small edit distance of it, written as articles write it.
// When it finds a few articles, a rare word is also replaced by a much more frequent neighbour (a typo
// some articles share: "gouvernment"), if the corrected query finds clearly more.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

#include "analysis.h"
#include "search.h"

namespace fns {

// The query with its unknown words corrected, or nullopt when every word is known or none has a
// near neighbour. Works on the index alone: stems are compared, and a stem is shown as the first word of
// an article that gives it.
// A known word in fewer than `rare_below` articles is also replaced, by a word in kMoreFrequent times as
// many articles or more.
std::optional<std::string> suggest_spelling(const Xapian::Database& db, std::string_view query,
                                            FrenchAnalyzer& analyzer, Xapian::doccount rare_below = 1);

inline constexpr Xapian::doccount kFewMatches = 10;
inline constexpr Xapian::doccount kMoreFrequent = 10;
inline constexpr Xapian::doccount kClearlyMore = 5;

// The suggestion for a query whose search found `matches`: from suggest_spelling when it found nothing;
// when it found fewer than kFewMatches, one whose corrected query (searched with the same options) finds
// kClearlyMore times as many and kFewMatches more. `plain`: the query is read as plain words.
std::optional<std::string> did_you_mean(Searcher& searcher, const std::string& query, Xapian::doccount matches,
                                        const SearchOptions& options, bool plain);

// Damerau-Levenshtein distance (adjacent transpositions count one), stopping early past `limit`.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit);

}  // namespace fns

// "Did you mean": when a query finds nothing, each of its words that the index does not know is replaced
// by the most frequent indexed word within a small edit distance of it, written as articles write it.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

#include "analysis.h"

namespace fns {

// The query with its unknown words corrected, or nullopt when every word is known or none has a
// near neighbour. Works on the index alone: stems are compared, and a stem is shown as the first word of
// an article that gives it.
std::optional<std::string> suggest_spelling(const Xapian::Database& db, std::string_view query,
                                            FrenchAnalyzer& analyzer);

// Damerau-Levenshtein distance (adjacent transpositions count one), stopping early past `limit`.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit);

}  // namespace fns

// Snippets are data: a fragment of the article's own text and the byte ranges in it to highlight.
// Matching goes through the analyzer, so "etats" highlights "États" and "soldat" highlights "soldats".
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analysis.h"

namespace fns {

struct Snippet {
    std::string text;                                  // whitespace collapsed; "…" where text was cut
    std::vector<std::pair<size_t, size_t>> highlights; // [begin, end) byte ranges in text
};

// The window of about `max_words` words of `body` with the most distinct query terms (then the most
// matches), or the start of the body when nothing matches.
Snippet make_snippet(std::string_view body, const std::unordered_set<std::string>& terms, FrenchAnalyzer& analyzer,
                     size_t max_words = 36);

}  // namespace fns

// Presenters: search results as text for people (highlighted on a terminal), JSON Lines and TREC runs for
// scripts. They only format; they never search.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "search.h"
#include "snippet.h"

namespace fns {

enum class OutputFormat { Text, Json, Trec };

struct PresentedQuery {
    std::string qid;    // for --queries runs; empty for a single query
    std::string query;
    const SearchResults* results = nullptr;
    std::vector<Snippet> snippets;  // one per hit (text and JSON)
    size_t offset = 0;              // the page asked for, to say why it is empty
    size_t limit = 10;
};

// The snippet of each hit, for `terms` (the query's body terms).
std::vector<Snippet> make_snippets(const SearchResults& results, const std::vector<std::string>& terms,
                                   FrenchAnalyzer& analyzer);

// Text: a header with the number of matches (and the copies folded into the hits shown), then each hit:
// rank, title, date, id, copies, snippet. An empty page says how many articles match.
std::string format_text(const PresentedQuery& presented, bool color, bool explain, bool month_facets);
// One JSON object per hit, one line each: {"qid"?, "rank", "id", "title", "date", "score", "copies",
// "url", "path", "source", "snippet", "highlights", "highlights_chars", "highlighted", "missing_shards"?: [...]}:
// the highlighted spans of the snippet as [begin, end) offsets in UTF-8 bytes, the same in characters
// (Unicode code points, as Python indexes a str), and their text.
std::string format_json(const PresentedQuery& presented);
// "qid Q0 docid rank score tag" per hit; qid, docid and tag percent-encoded (trec_field) so that a line
// always has six columns.
std::string format_trec(const PresentedQuery& presented, const std::string& tag);
// '%', spaces and control characters as %XX (two upper-case hex digits), as in URLs; the rest as it is.
std::string trec_field(std::string_view text);

}  // namespace fns

// Presenters: search results as text for people (highlighted on a terminal), JSON Lines and TREC runs for
// scripts. They only format; they never search.
#pragma once

#include <string>
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
};

// Text: a header with the number of matches, then each hit: rank, title, date, id, copies, snippet.
std::string format_text(const PresentedQuery& presented, bool color, bool explain, bool month_facets);
// One JSON object per hit, one line each: {"qid"?, "rank", "id", "title", "date", "score", "copies",
// "url", "path", "source", "snippet", "highlights": [[begin, end], ...], "missing_shards"?: [...]}.
std::string format_json(const PresentedQuery& presented);
// "qid Q0 docid rank score tag" per hit.
std::string format_trec(const PresentedQuery& presented, const std::string& tag);

}  // namespace fns

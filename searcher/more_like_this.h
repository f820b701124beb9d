// "More like this": the articles closest to one article. Xapian's relevance set (the article) and expand
// set (its most telling words: frequent in it, rare in the index) make a query that is ranked as any other.
#pragma once

#include <xapian.h>

#include "query_parser.h"

namespace fns {

// The query for the articles like `docid`: its most telling body words, each weighted by its share of
// the expand set's weight, without the article itself and its near-duplicate copies. `terms` lists the
// words (for snippets).
ParsedQuery more_like_this(const Xapian::Database& db, Xapian::docid docid, Xapian::termcount words = 30);

}  // namespace fns

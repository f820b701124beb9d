// What every extractor produces and the indexer stores: one news article.
#pragma once

#include <optional>
#include <string>

#include "date.h"

namespace fns {

struct Article {
    std::string id;     // unique: the record's own id, or the file path relative to the folder given
    std::string title;
    std::string body;   // the article's own text, paragraphs separated by "\n\n", boilerplate removed
    std::optional<Date> published;
    std::optional<Date> updated;
    std::string url;
    std::string source;  // publisher or site name when known
    std::string author;
};

}  // namespace fns

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

// Where an article comes from, for counting by source: its source, or else its url's host name, or else
// empty.
inline std::string source_label(const Article& article) {
    if (!article.source.empty()) return article.source;
    const size_t scheme = article.url.find("://");
    const size_t host = scheme == std::string::npos ? 0 : scheme + 3;
    const size_t end = article.url.find_first_of("/?#:", host);
    std::string name = article.url.substr(host, end == std::string::npos ? std::string::npos : end - host);
    if (name.starts_with("www.")) name.erase(0, 4);
    return name;
}

}  // namespace fns

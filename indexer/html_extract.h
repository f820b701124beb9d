// Pulls the article out of a scraped HTML page: title, publication date, body without boilerplate.
#pragma once

#include <string>
#include <string_view>

#include "article.h"

namespace fns {

struct HtmlExtraction {
    Article article;           // title, body, published, updated, url, source, author (id left empty)
    std::string date_source;   // which rule gave the published date ("json-ld", "meta", "time", "url", "prose", ...)
};

// Initialises libxml2 once, from the main thread, before worker threads call extract_html (libxml2 is
// thread-safe only after xmlInitParser()). extract_html also calls it, through std::call_once.
void init_html_parser();

// Thread-safe (no shared mutable state; each call parses its own tree).
// `html` is UTF-8 (see encoding.h). `url_hint` is the page's URL when known (or empty); it may carry a date.
HtmlExtraction extract_html(std::string_view html, std::string_view url_hint = {});

}  // namespace fns

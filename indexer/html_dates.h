// The publication and update dates of a page, from the most to the least reliable evidence: JSON-LD,
// <meta> conventions, microdata, <time> in the article, date-like classes, the URL, then the prose
// near the title. Update dates never stand in for the publication date.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "date.h"
#include "html_content.h"
#include "html_meta.h"

namespace fns::html {

struct PageDates {
    std::optional<Date> published;
    std::optional<Date> updated;
    std::string source;  // rule that gave `published`: "json-ld", "meta", "itemprop", "time", "class", "url", "prose"
};

struct DateContext {
    const PageMeta& page;
    const ContentAnalysis& content;
    const xmlNode* main_h1 = nullptr;      // the article's title heading, when found
    const xmlNode* scope = nullptr;        // the element holding the article with its header
    std::vector<std::string> urls;         // canonical, og:url, the URL given by the caller
    Date today;                            // no date after it is plausible
};

PageDates find_page_dates(const DateContext& context);

// First date written in a URL: /2024/04/19/, /20240419/, 2024-04-19, 2024_04_19.
std::optional<Date> date_in_url(std::string_view url);

}  // namespace fns::html

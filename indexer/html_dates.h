// The publication and update dates of a page, from the most to the least reliable evidence: JSON-LD,
// <meta> conventions, microdata, <time> in the article, date-like classes, the URL, then the prose
// near the title, the preview image's URL; only when none of them gives a date does the last update date
// stand in for it (blogs and institutional pages often show nothing else, htmldate does the same), and
// after it a date found anywhere in the raw HTML. A metadata date (JSON-LD, <meta>, itemprop) that the page
// never writes loses to a different date the page shows at its article's head (a "published" cue, or a
// date line of its own, or an "updated" line; never a date in a sentence of the standfirst).
//
// Time zones: a timestamp written in UTC ("...T23:10:00Z", "+00:00") is read in the page's own local
// time, as its readers (and the people who labelled the pages) see it: the offset the page writes in its
// other timestamps, else Central European time for the languages of that zone; other offsets are kept
// as written.
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
    std::string source;  // rule that gave `published`: "json-ld", "meta", "itemprop", "microformat", "time", "class",
                         // "url", "prose", "image" (og:image / twitter:image URL), "updated" (the update date,
                         // standing in), "header" (shown at the article's head, metadata overruled), "raw" (found
                         // in the raw HTML, last resort)
};

struct DateContext {
    const PageMeta& page;
    const ContentAnalysis& content;
    const xmlNode* root = nullptr;         // the document's root element
    const xmlNode* main_h1 = nullptr;      // the article's title heading, when found
    const xmlNode* scope = nullptr;        // the element holding the article with its header
    std::vector<std::string> urls;         // canonical, og:url, the URL given by the caller
    Date today;                            // no date after it is plausible
    std::optional<int> local_offset = {};  // minutes east of UTC the page writes its own times in
    bool central_european = false;         // else: the page's language is one of Central European time
    std::string_view html = {};            // the raw page, for the last-resort search
};

// The UTC offset (minutes) most often written in the page's timestamps ("2024-04-19T08:30:00+02:00"),
// UTC itself left out; nullopt when the page writes none.
std::optional<int> written_utc_offset(std::string_view html);
// Whether a language tag ("de", "de-AT", "pl_PL") is of a language mostly read in Central European time.
bool is_central_european_language(std::string_view lang);

PageDates find_page_dates(const DateContext& context);

// First date written in a URL: /2024/04/19/, /20240419/, 2024-04-19, 2024_04_19.
std::optional<Date> date_in_url(std::string_view url);
// The same in the URL of an image, where a timestamp may name the file too ("20240419083000123.jpg").
std::optional<Date> date_in_image_url(std::string_view url);

}  // namespace fns::html

// Plain-text pages, shaped like scraped news saved as text: the title on the first non-empty line, then
// the standfirst and the body, with site furniture around it.
#pragma once

#include <optional>
#include <string_view>

#include "article.h"

namespace fns {

// Title, dates and body of a text page. The body ends where the site's furniture starts ("Recent Posts",
// "À lire aussi", ... and an author blurb just before them); label lines ("Publié le ...", "Temps de
// lecture : 2 min") are dropped from the body and read for dates. Without a dated label, the date is
// looked for in the article's prose, never in the furniture. Dates after `not_after` are not taken.
Article extract_text_page(std::string_view utf8, std::optional<Date> not_after);

}  // namespace fns

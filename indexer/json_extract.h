// JSON records: one object a line (JSON Lines), or a .json file holding one object or an array of them.
// Fields: id, title, body (or text/content), date (or published, datePublished, pubDate), updated (or
// dateModified, modified), url, source, author (a string or an object with a name). A body given as an
// array of strings is its paragraphs.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "article.h"

namespace fns {

struct JsonRecordHandler {
    // A usable record; `line` is its 1-based line (JSON Lines) or its 1-based index in an array.
    std::function<void(Article&&, size_t line)> on_article;
    // A record that cannot be used, with the reason; the others go on.
    std::function<void(size_t line, const std::string& reason)> on_error;
    // Something of a usable record that was not understood (a date), called before its on_article.
    std::function<void(size_t line, const std::string& note)> on_warning;
};

void read_json_lines(std::string_view content, const JsonRecordHandler& handler);
// Throws InputError when the document is not valid JSON or holds no object.
void read_json_document(std::string_view content, const JsonRecordHandler& handler);

}  // namespace fns

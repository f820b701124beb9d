#include "json_extract.h"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string_view>

#include "encoding.h"

namespace fns {

namespace {

using nlohmann::json;

// The first of `names` that holds a non-empty string (or a number, for ids).
std::string first_string(const json& record, std::initializer_list<const char*> names) {
    for (const char* name : names) {
        const auto found = record.find(name);
        if (found == record.end()) continue;
        if (found->is_string() && !found->get_ref<const std::string&>().empty()) return found->get<std::string>();
        if (found->is_number_integer()) return std::to_string(found->get<long long>());
        if (found->is_object()) {  // {"name": "..."} for authors and publishers
            const auto name_field = found->find("name");
            if (name_field != found->end() && name_field->is_string()) return name_field->get<std::string>();
        }
    }
    return {};
}

// The first of `names` that holds text: a string, or an array of strings (paragraphs, joined).
std::string first_text(const json& record, std::initializer_list<const char*> names) {
    for (const char* name : names) {
        const auto found = record.find(name);
        if (found == record.end()) continue;
        if (!found->is_array()) {
            if (std::string text = first_string(record, {name}); !text.empty()) return text;
            continue;
        }
        std::string text;
        for (const json& part : *found) {
            if (!part.is_string() || part.get_ref<const std::string&>().empty()) continue;
            if (!text.empty()) text.append("\n\n");
            text.append(part.get_ref<const std::string&>());
        }
        if (!text.empty()) return text;
    }
    return {};
}

// The date of the first of `names` present; a date that is not understood is reported, not guessed.
std::optional<Date> first_date(const json& record, std::initializer_list<const char*> names, size_t line,
                               const JsonRecordHandler& handler) {
    const std::string text = first_string(record, names);
    if (text.empty()) return std::nullopt;
    std::optional<Date> date = parse_date(text);
    if (!date && handler.on_warning)
        handler.on_warning(line, "date '" + text.substr(0, 80) + "' not understood: the article is left undated");
    return date;
}

Article article_from_record(const json& record, size_t line, const JsonRecordHandler& handler) {
    if (!record.is_object()) throw InputError("not a JSON object");
    Article article;
    article.id = first_string(record, {"id", "_id", "guid"});
    article.title = first_string(record, {"title", "headline"});
    article.body = first_text(record, {"body", "text", "content", "articleBody"});
    if (article.title.empty() && article.body.empty()) throw InputError("no title and no body");
    article.published = first_date(record, {"date", "published", "datePublished", "pubDate", "published_at"}, line, handler);
    article.updated = first_date(record, {"updated", "dateModified", "modified", "updated_at"}, line, handler);
    article.url = first_string(record, {"url", "link"});
    article.source = first_string(record, {"source", "publisher", "site"});
    article.author = first_string(record, {"author", "byline"});
    return article;
}

// nlohmann's message without its "[json.exception.parse_error.101] " tag.
std::string parse_error_reason(const json::parse_error& error) {
    std::string_view message = error.what();
    if (const size_t tag_end = message.find("] "); message.starts_with("[") && tag_end != std::string_view::npos)
        message.remove_prefix(tag_end + 2);
    return "malformed JSON: " + std::string(message);
}

void handle_record(const json& record, size_t line, const JsonRecordHandler& handler) {
    try {
        handler.on_article(article_from_record(record, line, handler), line);
    } catch (const InputError& error) {
        handler.on_error(line, error.what());
    }
}

}  // namespace

void read_json_lines(std::string_view content, const JsonRecordHandler& handler) {
    size_t line_number = 0;
    size_t pos = 0;
    while (pos < content.size()) {
        size_t end = content.find('\n', pos);
        if (end == std::string_view::npos) end = content.size();
        const std::string_view line = content.substr(pos, end - pos);
        ++line_number;
        pos = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        json record;
        try {
            record = json::parse(line);
        } catch (const json::parse_error& error) {
            handler.on_error(line_number, parse_error_reason(error));
            continue;
        }
        handle_record(record, line_number, handler);
    }
}

void read_json_document(std::string_view content, const JsonRecordHandler& handler) {
    json document;
    try {
        document = json::parse(content);
    } catch (const json::parse_error& error) {
        throw InputError(parse_error_reason(error));
    }
    if (document.is_object()) {
        handle_record(document, 1, handler);
        return;
    }
    if (!document.is_array()) throw InputError("JSON holds neither an object nor an array of objects");
    size_t index = 0;
    for (const json& record : document) handle_record(record, ++index, handler);
}

}  // namespace fns

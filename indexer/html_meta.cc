#include "html_meta.h"

#include <array>

namespace fns::html {
namespace {

constexpr std::string_view kArticleTypes[] = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle", "scholarlyarticle",
    "socialmediaposting", "liveblogposting", "webpage", "itempage", "posting", "report", "medicalwebpage"};

void flatten_json_ld(const nlohmann::json& value, std::vector<nlohmann::json>& out) {
    if (value.is_array()) {
        for (const auto& item : value) flatten_json_ld(item, out);
    } else if (value.is_object()) {
        if (auto graph = value.find("@graph"); graph != value.end()) flatten_json_ld(*graph, out);
        out.push_back(value);
        // The article is sometimes nested as the WebPage's mainEntity.
        for (const char* key : {"mainEntity", "mainEntityOfPage"})
            if (auto inner = value.find(key); inner != value.end() && inner->is_object()) flatten_json_ld(*inner, out);
    }
}

// JSON-LD without the slips that strict JSON forbids: HTML comment or CDATA wrappers around it, commas
// before a closing bracket.
std::string without_json_slips(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) out += text[++i];
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        if (c == '<' || c == '-' || c == ']') {
            const std::string_view rest = text.substr(i);
            bool wrapper = false;
            for (std::string_view w : {"<!--", "-->", "<![CDATA[", "]]>"}) {
                if (!rest.starts_with(w)) continue;
                i += w.size() - 1;
                wrapper = true;
                break;
            }
            if (wrapper) continue;
        }
        if (c == ',') {
            const size_t next = text.find_first_not_of(" \t\r\n", i + 1);
            if (next != text.npos && (text[next] == '}' || text[next] == ']')) continue;
        }
        out += c;
    }
    return out;
}

// The string fields of JSON-LD that no JSON parser reads (unbalanced brackets, stray quotes), as one
// object: its first "@type" and the first value of each date and text field.
nlohmann::json scraped_json_ld(std::string_view text) {
    nlohmann::json object = nlohmann::json::object();
    for (const char* key : {"@type", "headline", "datePublished", "dateModified", "dateCreated", "description",
                            "articleBody"}) {
        const std::string quoted = std::string("\"") + key + "\"";
        size_t at = text.find(quoted);
        if (at == text.npos) continue;
        at = text.find_first_not_of(" \t\r\n", at + quoted.size());
        if (at == text.npos || text[at] != ':') continue;
        at = text.find_first_not_of(" \t\r\n", at + 1);
        if (at == text.npos || text[at] != '"') continue;
        size_t end = at + 1;
        while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
        if (end >= text.size()) continue;
        const auto value = nlohmann::json::parse(text.substr(at, end + 1 - at), nullptr, false);
        if (value.is_string()) object[key] = value;
    }
    return object;
}

// Scripts often hold raw newlines or tabs inside strings, which strict JSON forbids; some hold worse.
void parse_json_ld(std::string text, std::vector<nlohmann::json>& out) {
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) value = nlohmann::json::parse(without_json_slips(text), nullptr, false);
    if (value.is_discarded()) value = scraped_json_ld(text);
    if (!value.empty()) flatten_json_ld(value, out);
}

void record_meta(const xmlNode* node, PageMeta& page) {
    std::string content = attr(node, "content");
    if (content.empty()) return;
    for (const char* key_attr : {"property", "name", "itemprop", "http-equiv"}) {
        const std::string key = ascii_lower(collapse_space(attr(node, key_attr)));
        if (!key.empty()) page.metas.emplace(key, content);
    }
}

// JSON-LD, also in scripts that forgot their type="application/ld+json".
void record_json_ld(const xmlNode* script, PageMeta& page) {
    const std::string type = ascii_lower(attr(script, "type"));
    const bool declared = type.find("ld+json") != std::string::npos;
    if (!declared && !type.empty() && type.find("javascript") == std::string::npos) return;
    xmlChar* content = xmlNodeGetContent(script);
    if (!content) return;
    const std::string_view text(reinterpret_cast<const char*>(content));
    const size_t start = text.find_first_not_of(" \t\r\n");
    const bool looks_like_json_ld = start != text.npos && (text[start] == '{' || text[start] == '[') &&
                                    text.find("schema.org") != text.npos;
    if (declared || looks_like_json_ld) parse_json_ld(std::string(text), page.json_ld);
    xmlFree(content);
}

void record_itemprop(const xmlNode* node, PageMeta& page) {
    const std::string prop = ascii_lower(attr(node, "itemprop"));
    if (prop.empty()) return;
    if (prop == "datepublished" || prop == "datecreated") page.itemprop_dates.push_back(node);
    if (prop == "datemodified") page.itemprop_updates.push_back(node);
}

}  // namespace

const std::string* PageMeta::meta(const std::string& key) const {
    auto it = metas.find(key);
    return it == metas.end() ? nullptr : &it->second;
}

PageMeta collect_page_meta(const xmlNode* root) {
    PageMeta page;
    for (const xmlNode* n = root; n; n = next_in_order(n)) {
        if (!is_element(n)) continue;
        const std::string_view t = tag(n);
        if (t == "meta") {
            record_meta(n, page);
        } else if (t == "title" && page.title_tag.empty()) {
            page.title_tag = text_of(n);
        } else if (t == "link" && page.canonical.empty() && ascii_lower(attr(n, "rel")) == "canonical") {
            page.canonical = attr(n, "href");
        } else if (t == "script") {
            record_json_ld(n, page);
        } else if (t == "h1") {
            page.h1s.push_back(n);
        } else if (t == "time") {
            page.times.push_back(n);
        }
        record_itemprop(n, page);
    }
    return page;
}

bool is_article_type(const nlohmann::json& object) {
    auto type = object.find("@type");
    if (type == object.end()) return false;
    auto matches = [](const nlohmann::json& t) {
        if (!t.is_string()) return false;
        const std::string name = ascii_lower(t.get<std::string>());
        return std::find(std::begin(kArticleTypes), std::end(kArticleTypes), name) != std::end(kArticleTypes);
    };
    if (type->is_array()) return std::any_of(type->begin(), type->end(), matches);
    return matches(*type);
}

std::string json_ld_name(const nlohmann::json& value) {
    if (value.is_string()) return collapse_space(value.get<std::string>());
    if (value.is_array()) {
        for (const auto& item : value)
            if (std::string name = json_ld_name(item); !name.empty()) return name;
        return {};
    }
    if (value.is_object())
        if (auto name = value.find("name"); name != value.end()) return json_ld_name(*name);
    return {};
}

}  // namespace fns::html

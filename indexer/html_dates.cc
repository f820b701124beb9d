#include "html_dates.h"

#include <array>

namespace fns::html {
namespace {

// <meta> names and properties for the publication date, best first.
constexpr std::array kPublishedMetas = {
    "article:published_time", "og:article:published_time", "og:published_time", "published_time",
    "article:published", "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "publication_date", "pub_date", "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
    "dc.date", "dcterms.date", "date", "sailthru.date", "parsely-pub-date", "article.published",
    "originalpublicationdate", "citation_publication_date", "citation_date", "date.issued", "dc.created",
    "bt:pubdate", "article_date_original", "og:pubdate", "cxenseparse:recs:publishtime", "datecreated"};
constexpr std::array kUpdatedMetas = {"article:modified_time", "og:updated_time", "datemodified",
                                      "dc.date.modified", "dcterms.modified", "last-modified", "lastmod",
                                      "article:modified", "modified_time", "updated_time"};
constexpr std::string_view kDateClassWords[] = {"date", "publish", "pubdate", "posted", "time",
                                        "dateline", "byline", "meta", "info"};
constexpr size_t kDateTextMaxChars = 120;
constexpr size_t kProseChars = 1500;
constexpr int kFirstPlausibleYear = 1995;

struct Checker {
    const Date& today;
    std::optional<Date> operator()(std::optional<Date> d) const {
        if (!d || d->year < kFirstPlausibleYear || *d > today) return std::nullopt;
        return d;
    }
    std::optional<Date> operator()(std::string_view text) const {
        if (text.empty() || text.size() > kDateTextMaxChars * 4) return std::nullopt;
        return (*this)(parse_date(text));
    }
};

bool mentions_update(std::string_view lower) {
    return lower.find("modif") != lower.npos || lower.find("update") != lower.npos ||
           lower.find("mis à jour") != lower.npos || lower.find("aktualisiert") != lower.npos;
}

std::optional<Date> json_ld_date(const PageMeta& page, const char* key, bool article_only, const Checker& check) {
    for (const auto& object : page.json_ld) {
        if (article_only && !is_article_type(object)) continue;
        auto value = object.find(key);
        if (value == object.end()) continue;
        if (value->is_array() && !value->empty()) value = value->begin();
        if (!value->is_string()) continue;
        if (auto d = check(value->get<std::string>())) return d;
    }
    return std::nullopt;
}

std::optional<Date> json_ld_any(const PageMeta& page, const char* key, const Checker& check) {
    if (auto d = json_ld_date(page, key, true, check)) return d;
    return json_ld_date(page, key, false, check);
}

template <size_t N>
std::optional<Date> meta_date(const PageMeta& page, const std::array<const char*, N>& keys, const Checker& check) {
    for (const char* key : keys)
        if (const std::string* value = page.meta(key))
            if (auto d = check(*value)) return d;
    return std::nullopt;
}

// Date of a microdata or <time> element: its machine-readable attribute, else its text.
std::optional<Date> element_date(const xmlNode* node, const Checker& check) {
    for (const char* name : {"datetime", "content", "title"})
        if (auto d = check(attr(node, name))) return d;
    return check(text_of(node));
}

// Whether the microdata item holding `node` is an article (not a teaser list item or a comment).
bool in_article_item(const xmlNode* node) {
    for (const xmlNode* n = node->parent; n && is_element(n); n = n->parent) {
        if (!has_attr(n, "itemscope")) continue;
        const std::string type = ascii_lower(attr(n, "itemtype"));
        return type.find("article") != type.npos || type.find("blogposting") != type.npos;
    }
    return false;
}

std::optional<Date> itemprop_date(const DateContext& c, const Checker& check) {
    for (const xmlNode* node : c.page.itemprop_dates) {
        if (tag(node) == "meta") continue;  // looked at with the other <meta>
        if (c.content.in_boilerplate(node) && !in_article_item(node)) continue;
        if (auto d = element_date(node, check)) return d;
    }
    return std::nullopt;
}

bool in_scope(const DateContext& c, const xmlNode* node) {
    return c.scope && is_inside(node, c.scope) && !c.content.in_boilerplate(node);
}

// <time> of the article itself: inside its scope, not in a teaser, a comment or an "updated" line.
std::optional<Date> time_date(const DateContext& c, const Checker& check) {
    for (const xmlNode* node : c.page.times) {
        if (!in_scope(c, node)) continue;
        const std::string hints = class_and_id(node) + " " + ascii_lower(attr(node, "itemprop"));
        if (mentions_update(hints)) continue;
        const std::string parent_hints = ascii_lower(text_of(node->parent).substr(0, 40));
        if (mentions_update(parent_hints) && !has_attr(node, "pubdate")) continue;
        if (auto d = element_date(node, check)) return d;
    }
    return std::nullopt;
}

// Elements named like a date or byline inside the article (abbr.published, span.post-date, ...).
std::optional<Date> class_date(const DateContext& c, const Checker& check) {
    if (!c.scope) return std::nullopt;
    const xmlNode* end = next_in_order(c.scope, true);
    for (const xmlNode* n = c.scope; n && n != end; n = next_in_order(n)) {
        if (!is_element(n)) continue;
        const std::string cls = class_and_id(n);
        if (cls.empty() || mentions_update(cls)) continue;
        if (std::none_of(std::begin(kDateClassWords), std::end(kDateClassWords),
                         [&](std::string_view w) { return cls.find(w) != cls.npos; }))
            continue;
        if (c.content.in_boilerplate(n)) continue;
        const std::string text = text_of(n);
        if (text.size() > kDateTextMaxChars || mentions_update(ascii_lower(text))) continue;
        if (auto d = (tag(n) == "abbr") ? element_date(n, check) : check(text)) return d;
    }
    return std::nullopt;
}

std::optional<Date> prose_date(const DateContext& c, const Checker& check) {
    ProseDateOptions options;
    options.not_after = c.today;
    for (const xmlNode* start : {c.main_h1, c.scope, c.content.container()}) {
        if (!start) continue;
        if (auto d = check(find_date_in_prose(text_from(start, kProseChars), options))) return d;
    }
    return std::nullopt;
}

bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

// Reads `count` digits at `pos`; -1 when they are not all digits.
int digits_at(std::string_view s, size_t pos, size_t count) {
    if (pos + count > s.size()) return -1;
    int value = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        if (!is_digit(s[i])) return -1;
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

std::optional<Date> date_at(std::string_view url, size_t pos) {
    if (pos > 0 && is_digit(url[pos - 1])) return std::nullopt;
    const int year = digits_at(url, pos, 4);
    if (year < kFirstPlausibleYear || year > 2100) return std::nullopt;
    const auto is_sep = [&](size_t i) { return i < url.size() && (url[i] == '/' || url[i] == '-' || url[i] == '_'); };
    // 20240419 as one number.
    if (const int month = digits_at(url, pos + 4, 2), day = digits_at(url, pos + 6, 2);
        month > 0 && day > 0 && (pos + 8 == url.size() || !is_digit(url[pos + 8])) && is_valid_date(year, month, day))
        return Date{year, month, day};
    // 2024/04/19 or 2024-4-19.
    if (!is_sep(pos + 4)) return std::nullopt;
    size_t i = pos + 5;
    const auto read_number = [&](int& value) {
        size_t len = 0;
        value = 0;
        while (i < url.size() && is_digit(url[i]) && len < 3) value = value * 10 + (url[i++] - '0'), ++len;
        return len == 1 || len == 2;
    };
    int month = 0, day = 0;
    if (!read_number(month) || !is_sep(i)) return std::nullopt;
    ++i;
    if (!read_number(day) || (i < url.size() && is_digit(url[i]))) return std::nullopt;
    if (!is_valid_date(year, month, day)) return std::nullopt;
    return Date{year, month, day};
}

}  // namespace

std::optional<Date> date_in_url(std::string_view url) {
    for (size_t pos = 0; pos + 8 <= url.size(); ++pos)
        if (auto d = date_at(url, pos)) return d;
    return std::nullopt;
}

PageDates find_page_dates(const DateContext& c) {
    const Checker check{c.today};
    PageDates out;
    out.updated = json_ld_any(c.page, "dateModified", check);
    if (!out.updated) out.updated = meta_date(c.page, kUpdatedMetas, check);
    for (size_t i = 0; !out.updated && i < c.page.itemprop_updates.size(); ++i)
        out.updated = element_date(c.page.itemprop_updates[i], check);

    auto found = [&](std::optional<Date> d, const char* source) {
        if (!d) return false;
        out.published = d;
        out.source = source;
        return true;
    };
    if (found(json_ld_any(c.page, "datePublished", check), "json-ld")) return out;
    if (found(meta_date(c.page, kPublishedMetas, check), "meta")) return out;
    if (found(itemprop_date(c, check), "itemprop")) return out;
    if (found(json_ld_any(c.page, "dateCreated", check), "json-ld")) return out;
    if (found(time_date(c, check), "time")) return out;
    if (found(class_date(c, check), "class")) return out;
    for (const std::string& url : c.urls)
        if (found(check(date_in_url(url)), "url")) return out;
    found(prose_date(c, check), "prose");
    return out;
}

}  // namespace fns::html

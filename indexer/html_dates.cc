#include "html_dates.h"

#include <array>
#include <chrono>
#include <algorithm>
#include <map>
#include <vector>

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
constexpr std::string_view kDateClassWords[] = {"date", "publish", "pubdate", "posted", "time", "author",
                                        "dateline", "byline", "meta", "info", "submitted"};
constexpr size_t kDateTextMaxChars = 120;
constexpr size_t kDateLineMaxChars = 300;  // a byline, a date line
constexpr size_t kProseChars = 1500;
constexpr int kFirstPlausibleYear = 1995;

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

Date add_days(const Date& d, int days) {
    using namespace std::chrono;
    const sys_days shifted =
        sys_days{year{d.year} / month{unsigned(d.month)} / day{unsigned(d.day)}} + std::chrono::days{days};
    const year_month_day ymd{shifted};
    return Date{int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day()))};
}

// Day of the month of the last Sunday of `month` (31-day months: March, October).
int last_sunday(int year, int month) {
    const int weekday = Date{year, month, 31}.weekday();  // 0 = Monday .. 6 = Sunday
    return 31 - (weekday + 1) % 7;
}

// Central European time: +1 h, +2 h from the last Sunday of March to the last Sunday of October, 01:00 UTC.
int central_european_offset(const Date& d, int utc_minutes) {
    const auto after = [&](int month, int day) {
        return d.month != month ? d.month > month : (d.day != day ? d.day > day : utc_minutes >= 60);
    };
    const bool summer = after(3, last_sunday(d.year, 3)) && !after(10, last_sunday(d.year, 10));
    return summer ? 120 : 60;
}

// An ISO 8601 timestamp written in UTC: "2024-04-19T22:30:00Z", "2024-04-19 22:30+00:00". Returns the
// minutes after midnight (UTC); -1 when the text is no such timestamp.
int utc_minutes_of(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '"')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '"')) text.remove_suffix(1);
    if (text.size() < 17 || digits_at(text, 0, 4) < 0 || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != ' '))
        return -1;
    const int hours = digits_at(text, 11, 2), minutes = digits_at(text, 14, 2);
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || text[13] != ':') return -1;
    size_t i = 16;
    while (i < text.size() && (is_digit(text[i]) || text[i] == ':' || text[i] == '.' || text[i] == ',')) ++i;
    const std::string_view zone = text.substr(i);
    const bool utc = zone == "Z" || zone == "z" || zone == "+00:00" || zone == "+0000" || zone == "+00" ||
                     zone == "-00:00" || zone == " UTC" || zone == " GMT";
    return utc ? hours * 60 + minutes : -1;
}

struct Checker {
    const Date& today;
    std::optional<int> local_offset;
    bool central_european = false;

    std::optional<Date> operator()(std::optional<Date> d) const {
        if (!d || d->year < kFirstPlausibleYear || *d > today) return std::nullopt;
        return d;
    }
    std::optional<Date> operator()(std::string_view text) const {
        if (text.empty() || text.size() > kDateTextMaxChars * 4) return std::nullopt;
        return (*this)(local_day(text, parse_date(text)));
    }
    // The day of a UTC timestamp in the page's local time.
    std::optional<Date> local_day(std::string_view text, std::optional<Date> d) const {
        if (!d || (!local_offset && !central_european)) return d;
        const int utc = utc_minutes_of(text);
        if (utc < 0) return d;
        const int local = utc + (local_offset ? *local_offset : central_european_offset(*d, utc));
        return local >= 24 * 60 ? add_days(*d, 1) : local < 0 ? add_days(*d, -1) : *d;
    }
};

// Words that mark an update date ("Mis à jour le", "Aktualisiert:", "Letzte Änderung:"), lower-case (ASCII
// letters only: a capital umlaut stays as written).
constexpr std::string_view kUpdateWords[] = {"modif", "update", "mis à jour", "mise à jour", "aktualisiert",
                                             "änderung", "Änderung", "geändert", "actualizado", "aggiornato"};

// Where the first update word in `lower` starts and ends; npos when there is none.
std::pair<size_t, size_t> update_word(std::string_view lower) {
    size_t best = std::string_view::npos, best_end = std::string_view::npos;
    for (std::string_view w : kUpdateWords)
        if (const size_t pos = lower.find(w); pos < best) best = pos, best_end = pos + w.size();
    return {best, best_end};
}

size_t after_update_word(std::string_view lower) { return update_word(lower).second; }

bool mentions_update(std::string_view lower) { return after_update_word(lower) != std::string_view::npos; }

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

// Publication <meta> of a vendor's own naming ("shareaholic:article_published_time", "xyz:publishdate"):
// a key that ends like a known one after a prefix. The earliest wins (no order among them).
std::optional<Date> prefixed_meta_date(const PageMeta& page, const Checker& check) {
    constexpr std::string_view kEndings[] = {"published_time", "publish_date", "publishdate", "publication_date",
                                             "datepublished", "pubdate", "published"};
    std::optional<Date> best;
    for (const auto& [key, value] : page.metas) {
        if (mentions_update(key)) continue;
        const auto ends_with = [&](std::string_view ending) { return key.ends_with(ending); };
        if (std::none_of(std::begin(kEndings), std::end(kEndings), ends_with)) continue;
        if (auto d = check(value); d && (!best || *d < *best)) best = d;
    }
    return best;
}

ProseDateOptions prose_options(const DateContext& c) {
    ProseDateOptions options;
    options.not_after = c.today;
    return options;
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
    return c.scope && is_inside(node, c.scope) && !c.content.in_boilerplate(node, c.scope);
}

// <time> of the article itself: inside its scope (the whole page when `scope` is null, out of the
// boilerplate), not in a teaser, a comment or an "updated" line.
std::optional<Date> time_date(const DateContext& c, const Checker& check, const xmlNode* scope) {
    for (const xmlNode* node : c.page.times) {
        if (scope ? !in_scope(c, node) : c.content.in_boilerplate(node)) continue;
        const std::string hints = class_and_id(node) + " " + ascii_lower(attr(node, "itemprop"));
        if (mentions_update(hints)) continue;
        const std::string parent_hints = ascii_lower(text_of(node->parent).substr(0, 40));
        if (mentions_update(parent_hints) && !has_attr(node, "pubdate")) continue;
        if (auto d = element_date(node, check)) return d;
    }
    return std::nullopt;
}

// Whether `node` comes in the article's head: before its title, or within a few lines of text after it.
bool in_article_head(const DateContext& c, const xmlNode* node) {
    constexpr size_t kHeadChars = 400;
    if (!c.main_h1 || !is_inside(c.main_h1, c.scope)) return false;
    size_t chars = 0;
    bool after_title = false;
    for (const xmlNode* n = c.scope; n; n = next_in_order(n)) {
        if (n == node) return true;
        if (n == c.main_h1) after_title = true;
        if (after_title && !is_inside(n, c.main_h1) && n->type == XML_TEXT_NODE && n->content)
            chars += collapse_space(reinterpret_cast<const char*>(n->content)).size();
        if (chars > kHeadChars || !is_inside(n, c.scope)) return false;
    }
    return false;
}

// <time> of the article's date line in its head, however its small box was classified (a "story-meta"
// line of category, time and author looks like boilerplate): a <time> inside the article must not lose
// to one outside it (a live ticker in the site's header band). Teaser links and update lines stay out.
std::optional<Date> head_time_date(const DateContext& c, const Checker& check) {
    if (!c.scope) return std::nullopt;
    for (const xmlNode* node : c.page.times) {
        if (!is_inside(node, c.scope)) continue;
        bool teaser = false;
        for (const xmlNode* n = node; n && n != c.scope && !teaser; n = n->parent)
            teaser = is_element(n) && tag(n) == "a" && ascii_lower(attr(n, "rel")) != "bookmark";
        if (teaser) continue;
        const std::string hints = class_and_id(node) + " " + ascii_lower(attr(node, "itemprop"));
        if (mentions_update(hints)) continue;
        const std::string parent_hints = ascii_lower(text_of(node->parent).substr(0, 40));
        if (mentions_update(parent_hints) && !has_attr(node, "pubdate")) continue;
        if (!in_article_head(c, node)) continue;
        if (auto d = element_date(node, check)) return d;
    }
    return std::nullopt;
}

bool has_class_token(std::string_view cls, std::string_view token) {
    for (size_t pos = cls.find(token); pos != std::string_view::npos; pos = cls.find(token, pos + 1))
        if ((pos == 0 || cls[pos - 1] == ' ') && (pos + token.size() == cls.size() || cls[pos + token.size()] == ' '))
            return true;
    return false;
}

// hAtom / h-entry microformats: the page's one entry (`.hentry`, `.h-entry`) and its `.published` /
// `.dt-published` element (often an <abbr title="2016-12-23T05:11:00-05:00">), wherever it sits in the
// entry, a footer included. Index pages hold several entries side by side: nothing is taken from them.
std::optional<Date> microformat_date(const xmlNode* root, const Checker& check) {
    const xmlNode* entry = nullptr;
    for (const xmlNode* n = root; n; n = next_in_order(n)) {
        if (!is_element(n)) continue;
        const std::string cls = ascii_lower(attr(n, "class"));
        if (!has_class_token(cls, "hentry") && !has_class_token(cls, "h-entry")) continue;
        if (entry && is_inside(n, entry)) continue;  // a comment marked up as an entry of its own
        if (entry) return std::nullopt;
        entry = n;
    }
    if (!entry) return std::nullopt;
    const xmlNode* end = next_in_order(entry, true);
    for (const xmlNode* n = entry; n && n != end; n = next_in_order(n)) {
        if (!is_element(n)) continue;
        const std::string cls = ascii_lower(attr(n, "class"));
        if (has_class_token(cls, "published") || has_class_token(cls, "dt-published"))
            if (auto d = element_date(n, check)) return d;
    }
    return std::nullopt;
}

// class and id without the tokens that name a state rather than a part ("status-publish" marks every
// WordPress post, teasers included).
std::string date_class_of(const xmlNode* node) {
    std::string cls = class_and_id(node);
    for (size_t pos = cls.find("status-"); pos != std::string::npos; pos = cls.find("status-", pos)) {
        if (pos > 0 && cls[pos - 1] != ' ') {
            ++pos;
            continue;
        }
        const size_t end = cls.find(' ', pos);
        cls.erase(pos, end == std::string::npos ? std::string::npos : end - pos);
    }
    return cls;
}

// Elements named like a date or byline inside `scope` (abbr.published, span.post-date, ...).
std::optional<Date> class_date(const DateContext& c, const Checker& check, const xmlNode* scope) {
    if (!scope) return std::nullopt;
    const xmlNode* end = next_in_order(scope, true);
    for (const xmlNode* n = scope; n && n != end; n = next_in_order(n)) {
        if (!is_element(n)) continue;
        const std::string cls = date_class_of(n);
        if (cls.empty() || mentions_update(cls)) continue;
        if (std::none_of(std::begin(kDateClassWords), std::end(kDateClassWords),
                         [&](std::string_view w) { return cls.find(w) != cls.npos; }))
            continue;
        if (c.content.in_boilerplate(n)) continue;
        const std::string text = text_of(n);
        if (text.size() > 2 * kDateLineMaxChars) continue;
        if (tag(n) == "abbr")
            if (auto d = element_date(n, check)) return d;
        // A byline or date line: "Dieser Beitrag wurde am Samstag, 3. Dezember 2011 veröffentlicht", read
        // up to its update part ("..., aktualisiert am 5. Dezember").
        ProseDateOptions options = prose_options(c);
        options.max_chars = kDateLineMaxChars;
        const std::string_view before_update = std::string_view(text).substr(0, update_word(ascii_lower(text)).first);
        if (auto d = check(find_date_in_prose(before_update, options))) return d;
    }
    return std::nullopt;
}

// Last resort: an update date written in the page ("Aktualisiert: 30.12.2016", span.updated).
std::optional<Date> update_line_date(const DateContext& c, const Checker& check, const xmlNode* root) {
    for (const xmlNode* n = root; n; n = next_in_order(n)) {
        if (!is_element(n) || is_dropped_tag(tag(n))) continue;
        const std::string cls = class_and_id(n);
        const bool update_class = cls.find("updated") != cls.npos || cls.find("modified") != cls.npos;
        if (!update_class) {
            // The element whose own text holds the update word, with the date after it.
            bool own_word = false;
            for (const xmlNode* t = n->children; t && !own_word; t = t->next)
                own_word = t->type == XML_TEXT_NODE && t->content &&
                           mentions_update(ascii_lower(reinterpret_cast<const char*>(t->content)));
            if (!own_word) continue;
        }
        if (c.content.in_boilerplate(n)) continue;
        if (update_class)
            if (auto d = element_date(n, check)) return d;
        std::string text = text_of(n);
        if (text.size() < kDateLineMaxChars && n->parent && is_element(n->parent)) {
            const std::string parent_text = text_of(n->parent);  // "<label>Updated:</label><div>date</div>"
            if (parent_text.size() <= kDateLineMaxChars) text = parent_text;
        }
        if (text.size() > kDateLineMaxChars) continue;
        const size_t after = after_update_word(ascii_lower(text));
        if (after == std::string::npos) continue;
        if (auto d = check(find_date_in_prose(std::string_view(text).substr(after), prose_options(c)))) return d;
    }
    return std::nullopt;
}

// The short line right above the title (a kicker or "topline" holding the date), when there is one.
std::string line_above(const DateContext& c, const xmlNode* heading) {
    const xmlNode* above = heading->prev;
    while (above && !is_element(above)) above = above->prev;
    if (!above || c.content.in_boilerplate(above)) return {};
    std::string text = text_of(above);
    return text.size() <= kDateTextMaxChars ? text : std::string{};
}

std::optional<Date> prose_date(const DateContext& c, const Checker& check) {
    const ProseDateOptions options = prose_options(c);
    for (const xmlNode* start : {c.main_h1, c.scope, c.content.container()}) {
        if (!start) continue;
        std::string text = text_from(start, kProseChars);
        if (start == c.main_h1) text = line_above(c, start) + " \n " + text;
        if (auto d = check(find_date_in_prose(text, options))) return d;
    }
    return std::nullopt;
}

// ---- The date the page shows for its article, against its metadata ----

// Text laid out in lines: each block element starts a new one.
struct Lines {
    std::string text;
    std::vector<std::pair<size_t, size_t>> spans;  // [begin, end) of each line in `text`
    size_t open = std::string::npos;               // begin of the line being written

    void brk() {
        if (open == std::string::npos) return;
        while (!text.empty() && text.back() == ' ') text.pop_back();
        if (text.size() > open) spans.emplace_back(open, text.size());
        text += " \n ";
        open = std::string::npos;
    }
    void add(std::string_view s) {
        const std::string collapsed = collapse_space(s);
        if (collapsed.empty()) {
            if (open != std::string::npos && !s.empty() && text.back() != ' ') text += ' ';
            return;
        }
        if (open == std::string::npos) open = text.size();
        else if (text.size() > open && text.back() != ' ' && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t'))
            text += ' ';
        text += collapsed;
        if (s.back() == ' ' || s.back() == '\n' || s.back() == '\t') text += ' ';
    }
    void append(const xmlNode* n) {
        if (n->type == XML_TEXT_NODE) {
            if (n->content) add(reinterpret_cast<const char*>(n->content));
            return;
        }
        if (!is_element(n) || is_dropped_tag(tag(n)) || is_hidden(n)) return;
        const bool block = is_block_tag(tag(n)) || tag(n) == "br";
        if (block) brk();
        for (const xmlNode* child = n->children; child; child = child->next) append(child);
        if (block) brk();
    }
    // The line holding the byte `offset`.
    std::string_view line_at(size_t offset) const {
        for (const auto& [begin, end] : spans)
            if (offset >= begin && offset < end) return std::string_view(text).substr(begin, end - begin);
        return {};
    }
};

// A date line of its own ("25.01.2022", "Erscheinungsdatum 25.01.2022", "Mardi 6 décembre 2022 à 10h15"),
// not a sentence of the standfirst that names an event ("Il prendra ses fonctions le 20 janvier 2025.").
bool is_date_line(std::string_view line) {
    constexpr int kShortWords = 6, kMaxWords = 10;
    int words = 0;
    bool in_word = false;
    for (char ch : line) {
        const bool space = ch == ' ' || ch == '\n';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    if (words <= kShortWords) return true;
    const char last = line.empty() ? ' ' : line.back();
    return words <= kMaxWords && last != '.' && last != '!' && last != '?';
}

// The date the page shows for its article at its head: the line above the title, the title and what
// follows it for about 400 characters (a "published" cue first, then an unmarked date standing in a date
// line of its own), else a <time> or date-named element inside the article.
std::optional<Date> shown_date(const DateContext& c, const Checker& check) {
    constexpr size_t kAfterTitleChars = 400;
    if (c.main_h1) {
        Lines lines;
        const std::string above = line_above(c, c.main_h1);
        if (!above.empty()) {
            lines.add(above);
            lines.brk();
        }
        lines.append(c.main_h1);
        const size_t limit = lines.text.size() + kAfterTitleChars;
        for (const xmlNode* n = next_in_order(c.main_h1, true); n && lines.text.size() < limit;
             n = next_in_order(n, true))
            lines.append(n);
        lines.brk();
        ProseDateOptions options = prose_options(c);
        options.max_chars = std::min(lines.text.size(), limit);
        const auto dates = find_dates_in_prose(lines.text, options);
        for (const ProseDate& d : dates)
            if (d.cue == ProseDate::Cue::published)
                if (auto ok = check(d.date)) return ok;
        for (const ProseDate& d : dates)
            if (d.cue == ProseDate::Cue::none && !d.end_date && is_date_line(lines.line_at(d.offset)))
                if (auto ok = check(d.date)) return ok;
        for (const ProseDate& d : dates)
            if (d.cue == ProseDate::Cue::updated && is_date_line(lines.line_at(d.offset)))
                if (auto ok = check(d.date)) return ok;
    }
    if (!c.scope) return std::nullopt;
    if (auto d = time_date(c, check, c.scope)) return d;
    return class_date(c, check, c.scope);
}

// Whether the page's visible text writes `date` other than as an update ("Zuletzt geändert am ..." under
// the metadata date makes it the last change). A year-less "publié le 27 mars" shows it too.
bool page_shows(const DateContext& c, const Date& date) {
    const std::string text = text_of(c.root);
    ProseDateOptions options = prose_options(c);
    options.max_chars = text.size();
    for (const ProseDate& d : find_dates_in_prose(text, options)) {
        if (d.cue == ProseDate::Cue::updated) continue;
        if (d.has_year ? d.date == date : d.date.month == date.month && d.date.day == date.day) return true;
    }
    return false;
}

// ---- Dates in URLs and in the raw HTML ----

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

// "19-04-2024", "19.04.2024", "19_4_2024": a day-first date as a path segment or slug part.
std::optional<Date> day_first_date_at(std::string_view url, size_t pos) {
    if (pos > 0 && is_digit(url[pos - 1])) return std::nullopt;
    size_t i = pos;
    const auto read_number = [&](size_t max_digits) {
        int value = 0;
        size_t len = 0;
        while (i < url.size() && is_digit(url[i]) && len <= max_digits) value = value * 10 + (url[i++] - '0'), ++len;
        return len >= 1 && len <= max_digits ? value : -1;
    };
    const int day = read_number(2);
    if (day < 0 || i >= url.size()) return std::nullopt;
    const char sep = url[i];
    if (sep != '-' && sep != '.' && sep != '_' && sep != '/') return std::nullopt;
    ++i;
    const int month = read_number(2);
    if (month < 0 || i >= url.size() || url[i] != sep) return std::nullopt;
    ++i;
    const size_t year_start = i;
    const int year = read_number(4);
    if (i - year_start != 4 || (i < url.size() && is_digit(url[i])) || year < kFirstPlausibleYear || year > 2100 ||
        !is_valid_date(year, month, day))
        return std::nullopt;
    return Date{year, month, day};
}

}  // namespace

// Year first ("/2024/04/19/", "20240419") wherever it is, else day first ("19-04-2024").
std::optional<Date> date_in_url(std::string_view url) {
    for (size_t pos = 0; pos + 8 <= url.size(); ++pos)
        if (auto d = date_at(url, pos)) return d;
    for (size_t pos = 0; pos + 8 <= url.size(); ++pos)
        if (auto d = day_first_date_at(url, pos)) return d;
    return std::nullopt;
}


std::optional<Date> date_in_image_url(std::string_view url) {
    // A web-archive capture ("https://web.archive.org/web/20160218174457/http://example.org/..."): the
    // archived URL only.
    for (std::string_view scheme : {"http://", "https://"})
        if (const size_t pos = url.rfind(scheme); pos != std::string_view::npos && pos > 0) {
            url = url.substr(pos);
            break;
        }
    if (auto d = date_in_url(url)) return d;
    // A timestamp naming the file: "20201007120909561.jpg" (date, then time of day and more digits).
    const size_t slash = url.rfind('/');
    const std::string_view name = url.substr(slash == std::string_view::npos ? 0 : slash + 1);
    for (size_t pos = 0; pos < name.size(); ++pos) {
        if (!is_digit(name[pos]) || (pos > 0 && is_digit(name[pos - 1]))) continue;
        size_t end = pos;
        while (end < name.size() && is_digit(name[end])) ++end;
        if (end - pos < 8 || end - pos > 17) continue;
        const int year = digits_at(name, pos, 4), month = digits_at(name, pos + 4, 2), day = digits_at(name, pos + 6, 2);
        if (year >= kFirstPlausibleYear && year <= 2100 && is_valid_date(year, month, day))
            return Date{year, month, day};
    }
    return std::nullopt;
}

std::optional<int> written_utc_offset(std::string_view html) {
    std::map<int, int> counts;
    // "...:SS+HH:MM" or "...:MM-HHMM": a time of day, then the offset.
    for (size_t i = html.find_first_of("+-", 5); i != std::string_view::npos; i = html.find_first_of("+-", i + 1)) {
        if (!is_digit(html[i - 1]) || !is_digit(html[i - 2]) || html[i - 3] != ':' || i + 5 > html.size()) continue;
        const int hours = digits_at(html, i + 1, 2);
        const size_t m = html[i + 3] == ':' ? i + 4 : i + 3;
        const int minutes = digits_at(html, m, 2);
        if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59 || (m + 2 < html.size() && is_digit(html[m + 2])))
            continue;
        if (const int offset = (hours * 60 + minutes) * (html[i] == '-' ? -1 : 1); offset != 0) ++counts[offset];
    }
    std::optional<int> best;
    for (const auto& [offset, count] : counts)
        if (!best || count > counts[*best]) best = offset;
    return best;
}

bool is_central_european_language(std::string_view lang) {
    constexpr std::string_view kLanguages[] = {"de", "fr", "it", "nl", "pl", "cs", "sk", "hu", "sl", "hr",
                                               "sr", "bs", "da", "sv", "nb", "nn", "no", "lb"};
    const std::string code = ascii_lower(lang.substr(0, lang.find_first_of("-_")));
    return std::find(std::begin(kLanguages), std::end(kLanguages), code) != std::end(kLanguages);
}

namespace {

// The preview image's date (og:image, twitter:image), as htmldate's image search.
std::optional<Date> image_date(const DateContext& c, const Checker& check) {
    for (const char* key : {"og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"})
        if (const std::string* url = c.page.meta(key))
            if (auto d = check(date_in_image_url(*url))) return d;
    return std::nullopt;
}

// Last resort (htmldate's "extensive search"): YYYY-MM-DD, YYYY/MM/DD and DD.MM.YYYY anywhere in the raw
// HTML (scripts, comments, attributes); the most frequent plausible date, the latest among ties.
std::optional<Date> raw_html_date(std::string_view html, const Checker& check) {
    std::map<Date, int> counts;
    const auto count = [&](int year, int month, int day) {
        if (year < 0 || month < 0 || day < 0 || !is_valid_date(year, month, day)) return;
        if (auto d = check(std::optional<Date>(Date{year, month, day}))) ++counts[*d];
    };
    for (size_t pos = 0; pos + 10 <= html.size(); ++pos) {
        if (!is_digit(html[pos]) || (pos > 0 && is_digit(html[pos - 1]))) continue;
        if (pos + 10 < html.size() && is_digit(html[pos + 10])) continue;
        const char a = html[pos + 4], b = html[pos + 7];
        if ((a == '-' || a == '/') && b == a)
            count(digits_at(html, pos, 4), digits_at(html, pos + 5, 2), digits_at(html, pos + 8, 2));
        else if (html[pos + 2] == '.' && html[pos + 5] == '.')
            count(digits_at(html, pos + 6, 4), digits_at(html, pos + 3, 2), digits_at(html, pos, 2));
    }
    std::optional<Date> best;
    int best_count = 0;
    for (const auto& [d, n] : counts)  // in date order: a tie goes to the later date
        if (n >= best_count) best = d, best_count = n;
    return best;
}

}  // namespace

PageDates find_page_dates(const DateContext& c) {
    const Checker check{c.today, c.local_offset, c.central_european};
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
    // Metadata, unless the page shows another date for its article and never writes the metadata's one.
    const auto metadata = [&](std::optional<Date> d, const char* source) {
        if (!d) return false;
        if (const auto shown = shown_date(c, check); shown && *shown != *d && !page_shows(c, *d))
            return found(shown, "header");
        return found(d, source);
    };
    if (metadata(json_ld_any(c.page, "datePublished", check), "json-ld")) return out;
    if (metadata(meta_date(c.page, kPublishedMetas, check), "meta")) return out;
    if (metadata(prefixed_meta_date(c.page, check), "meta")) return out;
    if (metadata(itemprop_date(c, check), "itemprop")) return out;
    if (found(microformat_date(c.root, check), "microformat")) return out;
    if (found(json_ld_any(c.page, "dateCreated", check), "json-ld")) return out;
    if (c.scope && found(time_date(c, check, c.scope), "time")) return out;
    if (found(class_date(c, check, c.scope), "class")) return out;
    for (const std::string& url : c.urls)
        if (found(check(date_in_url(url)), "url")) return out;
    // The date line is often outside the element found to hold the article (a header band above it, a
    // "submitted" line below): the first <time> or date-named element of the page out of boilerplate
    // is better evidence than a date in the prose.
    if (found(head_time_date(c, check), "time")) return out;
    if (found(time_date(c, check, nullptr), "time")) return out;
    if (found(class_date(c, check, c.root), "class")) return out;
    if (found(prose_date(c, check), "prose")) return out;
    if (found(image_date(c, check), "image")) return out;
    if (found(out.updated, "updated")) return out;
    if (found(update_line_date(c, check, c.root), "updated")) return out;
    found(raw_html_date(c.html, check), "raw");
    return out;
}

}  // namespace fns::html

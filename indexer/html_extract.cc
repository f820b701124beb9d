#include "html_extract.h"

#include <array>
#include <chrono>
#include <mutex>

#include "html_content.h"
#include "html_dates.h"
#include "html_dom.h"
#include "html_meta.h"

namespace fns {
namespace {

using namespace html;

// Separators between a page's title and its site name: "Title | Site", "Site - Title".
constexpr std::string_view kTitleSeparators[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " » "};

Date today() {
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    return Date{int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day()))};
}

bool names_site(std::string_view part, std::string_view site) {
    if (site.empty()) return false;
    const std::string p = ascii_lower(collapse_space(part)), s = ascii_lower(collapse_space(site));
    return !p.empty() && (p == s || p.find(s) != p.npos || s.find(p) != s.npos);
}

// Drops the site name around a title when one side of a separator is the site or the other side is the
// article's heading; otherwise the separator belongs to the title itself.
std::string strip_site_name(std::string title, std::string_view site, std::string_view heading) {
    for (bool changed = true; changed;) {
        changed = false;
        for (std::string_view sep : kTitleSeparators) {
            if (const size_t pos = title.rfind(sep); pos != std::string::npos && pos > 0) {
                const std::string head = title.substr(0, pos), tail = title.substr(pos + sep.size());
                if (names_site(tail, site) || same_text(head, heading)) {
                    title = head;
                    changed = true;
                    break;
                }
            }
            if (const size_t pos = title.find(sep); pos != std::string::npos && pos > 0) {
                const std::string head = title.substr(0, pos), tail = title.substr(pos + sep.size());
                if (names_site(head, site) || same_text(tail, heading)) {
                    title = tail;
                    changed = true;
                    break;
                }
            }
        }
    }
    return collapse_space(title);
}

// Whether `full` is `start` followed by more words that are not a site name behind a separator: the
// declared title cut short ("Title" for "Title : more words").
bool extends_without_separator(std::string_view full, std::string_view start) {
    const std::string f = ascii_lower(collapse_space(full)), s = ascii_lower(collapse_space(start));
    if (s.empty() || f.size() <= s.size() || f.compare(0, s.size(), s) != 0) return false;
    const std::string_view rest = std::string_view(f).substr(s.size());
    return std::none_of(std::begin(kTitleSeparators), std::end(kTitleSeparators),
                        [&](std::string_view sep) { return rest.starts_with(sep); });
}

// og:title / JSON-LD headline, else the article's heading, else <title> without the site name; but the
// <title> when it is the complete form of the declared title or heading.
std::string choose_title(const std::string& declared, const std::string& heading, const std::string& title_tag,
                         std::string_view site) {
    const std::string from_tag = strip_site_name(title_tag, site, heading.empty() ? declared : heading);
    if (extends_without_separator(from_tag, declared) || extends_without_separator(from_tag, heading))
        return from_tag;
    for (const std::string& candidate : {declared, heading, from_tag})
        if (std::string title = strip_site_name(candidate, site, heading); !title.empty()) return title;
    return {};
}

const nlohmann::json* article_json_ld(const PageMeta& page) {
    for (const auto& object : page.json_ld)
        if (is_article_type(object) && object.contains("headline")) return &object;
    for (const auto& object : page.json_ld)
        if (is_article_type(object)) return &object;
    return nullptr;
}

std::string json_ld_field(const nlohmann::json* object, const char* key) {
    if (!object) return {};
    auto it = object->find(key);
    return it == object->end() ? std::string{} : json_ld_name(*it);
}

std::string first_meta(const PageMeta& page, std::initializer_list<const char*> keys) {
    for (const char* key : keys)
        if (const std::string* v = page.meta(key); v && !collapse_space(*v).empty()) return collapse_space(*v);
    return {};
}

// The heading of the article: the <h1> that repeats the declared title, else the one nearest the text.
const xmlNode* main_heading(const PageMeta& page, const ContentAnalysis& content, std::string_view declared) {
    const xmlNode* fallback = nullptr;
    for (const xmlNode* h1 : page.h1s) {
        const std::string text = text_of(h1);
        if (text.empty()) continue;
        if (!declared.empty()) {
            const std::string a = ascii_lower(text), b = ascii_lower(collapse_space(declared));
            if (a == b || (a.size() > 15 && b.find(a) != b.npos)) return h1;
        }
        if (content.in_boilerplate(h1)) continue;
        if (!fallback || (content.container() && is_inside(content.container(), h1->parent)))
            fallback = h1;
    }
    return fallback;
}

// The element holding the article with its header (title, byline, date): the container's nearest
// ancestor that holds the heading, else its enclosing <article>, else its parent.
const xmlNode* article_scope(const xmlNode* container, const xmlNode* heading) {
    if (!container) return nullptr;
    for (const xmlNode* n = container; heading && n && is_element(n); n = n->parent) {
        if (tag(n) == "body" || tag(n) == "html") break;
        if (is_inside(heading, n)) return n;
    }
    for (const xmlNode* n = container; n && is_element(n); n = n->parent)
        if (tag(n) == "article") return n;
    return is_element(container->parent) ? container->parent : container;
}

// The lead as the page declares it (og:description, the JSON-LD description) and shows it: a block before the
// article text whose text starts with the declared summary, out of the boilerplate. Empty when the body
// already holds it, or the page does not show it before the text.
std::string shown_lead(const xmlNode* root, const ContentAnalysis& content, std::string_view declared,
                       std::string_view body) {
    constexpr size_t kProbeChars = 40, kMaxLeadChars = 1000;
    const std::string summary = collapse_space(declared);
    if (summary.size() < 2 * kProbeChars || !content.container()) return {};
    const std::string probe = summary.substr(0, kProbeChars);
    if (collapse_space(body).find(probe) != std::string::npos) return {};
    const std::string first_word = probe.substr(0, probe.find(' '));  // found raw before collapsing
    for (const xmlNode* n = root; n && n != content.container(); n = next_in_order(n)) {
        if (is_element(n) && (is_dropped_tag(tag(n)) || is_hidden(n))) {
            n = next_in_order(n, true);
            if (!n) break;
        }
        if (n->type != XML_TEXT_NODE || !n->content ||
            std::string_view(reinterpret_cast<const char*>(n->content)).find(first_word) == std::string_view::npos)
            continue;
        if (!collapse_space(reinterpret_cast<const char*>(n->content)).starts_with(probe)) continue;
        const xmlNode* block = n->parent;
        while (block && is_element(block) && !is_block_tag(tag(block))) block = block->parent;
        if (!block || !is_element(block) || content.in_boilerplate(block)) return {};
        std::string lead = text_of(block);
        return lead.size() <= kMaxLeadChars ? lead : std::string{};
    }
    return {};
}

void drop_leading_title(std::string& body, std::string_view title) {
    const size_t end = body.find("\n\n");
    if (!title.empty() && same_text(std::string_view(body).substr(0, end), title))
        body.erase(0, end == std::string::npos ? body.size() : end + 2);
}

}  // namespace

void init_html_parser() {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

HtmlExtraction extract_html(std::string_view html_text, std::string_view url_hint) {
    init_html_parser();
    HtmlExtraction out;
    Article& article = out.article;
    DocPtr doc = parse_html(html_text);
    xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    if (!root) return out;

    const PageMeta page = collect_page_meta(root);
    const nlohmann::json* ld_article = article_json_ld(page);
    article.source = first_meta(page, {"og:site_name", "application-name"});
    if (article.source.empty()) article.source = json_ld_field(ld_article, "publisher");
    article.author = first_meta(page, {"author", "article:author", "dc.creator", "byl", "parsely-author"});
    if (article.author.starts_with("http")) article.author.clear();
    if (article.author.empty()) article.author = json_ld_field(ld_article, "author");

    std::string declared_title = first_meta(page, {"og:title", "twitter:title"});
    if (declared_title.empty()) declared_title = json_ld_field(ld_article, "headline");

    const ContentAnalysis content(root, declared_title);
    const xmlNode* heading = main_heading(page, content, declared_title);
    const std::string heading_text = heading ? text_of(heading) : std::string{};
    article.title = choose_title(declared_title, heading_text, page.title_tag, article.source);
    article.body = content.article_text(heading, article.title);
    drop_leading_title(article.body, article.title);
    std::string declared_summary = first_meta(page, {"og:description", "twitter:description"});
    if (declared_summary.empty()) declared_summary = json_ld_field(ld_article, "description");
    if (const std::string lead = shown_lead(root, content, declared_summary, article.body); !lead.empty())
        article.body = article.body.empty() ? lead : lead + "\n\n" + article.body;

    article.url = !page.canonical.empty() ? page.canonical : first_meta(page, {"og:url"});
    if (article.url.empty()) article.url = std::string(url_hint);
    std::vector<std::string> urls = {page.canonical, first_meta(page, {"og:url"}), std::string(url_hint)};

    DateContext context{page, content, root, heading, article_scope(content.container(), heading),
                        std::move(urls), today()};
    context.local_offset = written_utc_offset(html_text);
    context.central_european = is_central_european_language(attr(root, "lang"));
    context.html = html_text;
    PageDates dates = find_page_dates(context);
    article.published = dates.published;
    article.updated = dates.updated;
    out.date_source = std::move(dates.source);
    return out;
}

}  // namespace fns

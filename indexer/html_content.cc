#include "html_content.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_set>

#include "html_blocks.h"

namespace fns::html {

struct ContentAnalysis::NodeStats {
    size_t text = 0;    // visible characters in the subtree (without removed parts)
    size_t link = 0;    // of which inside links
    size_t commas = 0;
    size_t link_list_text = 0;  // of `text`, inside boxes of links nested in the subtree (see is_link_list)
    size_t link_list_link = 0;  // of `link`, inside those boxes
    bool dropped = false;      // invisible or never text (script, hidden, form control)
    bool boilerplate = false;  // a widget that is not the article (by tag, role, class or id)
    bool metadata = false;     // byline or date line of the article
    bool positive = false;     // is or holds an element marked as the article's content
    bool removed = false;      // not part of the text: dropped, or pruned boilerplate, or inside such
    bool scored = false;
    double score = 0;

    double link_density() const { return text ? double(link) / double(text) : 0.0; }
};

namespace {

// A box of links at least a few lines long: a menu, a list of other stories ("Read also"), tags.
bool is_link_list(const xmlNode* node, const ContentAnalysis::NodeStats& st) {
    constexpr size_t kMinChars = 100;
    return is_block_tag(tag(node)) && st.text >= kMinChars && st.link_density() > 0.5;
}

// Readability discounts a candidate by its link density, so that menus and lists of stories do not win.
// An article holding a box of links to other stories ("Read also", twice when the page repeats it for
// small screens) is still the article: the density is that of its text beside such boxes. The page's
// <body> keeps all its links: its boxes are the site's menus.
double candidate_link_density(const xmlNode* node, const ContentAnalysis::NodeStats& st) {
    if (tag(node) == "body" || st.text <= st.link_list_text) return st.link_density();
    return double(st.link - st.link_list_link) / double(st.text - st.link_list_text);
}

// Class/id words of widgets that are not the article. Parts of a class token are compared exactly for
// the short ones ("ad", "nav"), long ones are looked for inside tokens ("related-posts", "sharebar").
constexpr std::string_view kBoilerplateParts[] = {"ad", "ads", "adv", "nav", "tags", "tag", "share",
                                          "meta", "aside", "social", "menu", "footer", "cta"};
constexpr std::string_view kBoilerplateSubstrings[] = {
    "comment", "disqus", "sharing", "share-", "social", "related", "newsletter", "subscri",
    "cookie", "consent", "gdpr", "breadcrumb", "sidebar", "footer", "navbar", "navigation", "menu",
    "advert", "sponsor", "outbrain", "taboola", "popup", "modal", "recommend",
    "morestories", "more-stories", "read-more", "readmore", "readalso", "read-also", "author-bio",
    "authorbio", "about-author", "author-box", "authorbox", "author-info", "pagination", "pager", "toolbar",
    "masthead", "signup", "trending", "popular", "mostread", "most-read", "see-also",
    "seealso", "lire-aussi", "lireaussi", "skip-link", "skiplink", "sr-only", "visually-hidden",
    "screen-reader", "login", "rating", "tagcloud", "tag-cloud", "taglist", "tag-list", "post-tags",
    "entry-tags", "site-header", "site-footer",
    "copyright", "disclaimer", "legal", "offcanvas", "dropdown", "overlay", "print-only",
    "newsticker", "also-read", "alsoread", "further-reading", "next-post", "prev-post", "postnav",
    "post-navigation", "searchform", "search-form",
    // Placeholders of embedded social posts, fact boxes, shop boxes, affiliate disclosures, the user cards
    // of Q&A posts (trafilatura discards the same words).
    "social-embed", "factbox", "buybox", "buy-box", "disclosure", "user-info", "button",
    // Embedded posts as the networks' own snippets write them, a WordPress author-box plugin, the site's
    // name and tagline in its header.
    "saboxplugin", "sitename", "site-name", "site-description",
    };
// Words of boxes that are mostly not the article but sometimes hold it: a teaser may be the story itself
// on a page of one news item, a "paywall" container wraps the story it locks, page builders call every
// block a widget, "hidden-xs" hides a part on small screens only. They mark boilerplate only when the
// box holds no substantial prose (see kWeakBoilerplateProse).
constexpr std::string_view kWeakBoilerplateParts[] = {"hide", "promo"};
constexpr std::string_view kWeakBoilerplateSubstrings[] = {"teaser", "paywall", "promo", "widget", "hidden",
                                                           "banner", "infobox", "notice"};
constexpr size_t kWeakBoilerplateProse = 400;   // visible characters, link density below 0.2
constexpr size_t kMinMarkedContentChars = 200;  // visible characters of a box a class word marks as the article
constexpr size_t kLeadTeaserChars = 80;         // visible characters of a link-free "teaser" kept as the lead

// Bylines, date lines, image captions and credits: not article text, but where the article's own date
// is written.
constexpr std::string_view kMetadataParts[] = {"date",    "dateline", "timestamp", "byline", "meta",
                                               "author",  "authors",  "credit",    "caption", "legend",
                                               "legende", "credits"};
constexpr std::string_view kMetadataSubstrings[] = {"byline", "post-meta", "entry-meta", "article-meta", "postmeta",
                                                    "entrymeta", "publish", "posted-on", "author-name", "caption",
                                                    "readingtime", "reading-time", "read-time",
                                                    "lightbox"};
constexpr std::string_view kContentSubstrings[] = {
    "articlebody", "article-body", "article__body", "article_body", "article-content",
    "article__content", "articlecontent", "entry-content", "entry_content", "post-content", "post_content",
    "postcontent", "post-body", "story-body", "storybody", "story-content", "main-content", "maincontent",
    "content-body", "text-body", "field-body", "article-text", "articletext", "news-text", "body-text"};
// Readability's class weights: words that make a container likelier or unlikelier to be the article.
constexpr std::string_view kPositiveWords[] = {"article", "body", "content", "entry", "hentry", "main",
                                       "page", "post", "text", "blog", "story"};
constexpr std::string_view kNegativeWords[] = {"comment", "com-", "contact", "foot", "footnote",
                                       "masthead", "media", "meta", "outbrain", "promo", "related", "scroll",
                                       "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping",
                                       "tags", "tool", "widget", "banner", "teaser", "nav"};
constexpr std::string_view kBoilerplateRoles[] = {"navigation", "complementary", "contentinfo", "banner",
                                          "dialog", "alertdialog", "menu", "menubar", "search"};

template <size_t N>
bool contains_any(std::string_view s, const std::string_view (&words)[N]) {
    return std::any_of(std::begin(words), std::end(words), [&](std::string_view w) { return s.find(w) != s.npos; });
}

template <size_t N>
bool has_part(std::string_view token, const std::string_view (&parts)[N]) {
    size_t start = 0;
    while (start <= token.size()) {
        size_t end = token.find_first_of("-_", start);
        if (end == std::string_view::npos) end = token.size();
        std::string_view part = token.substr(start, end - start);
        // A numbered variant is the same widget ("cta3", "ad2").
        while (part.size() > 1 && part.back() >= '0' && part.back() <= '9') part.remove_suffix(1);
        if (std::find(std::begin(parts), std::end(parts), part) != std::end(parts)) return true;
        start = end + 1;
    }
    return false;
}

// Tokens a CMS writes on a post's own wrapper to name its taxonomy and state (WordPress' post_class():
// "tag-politics", "category-social-media", "status-publish", "format-standard"): they label the article,
// they do not name a widget. Their words are not looked at ("tag-cloud" and "tag-list" are widgets).
bool is_taxonomy_token(std::string_view token) {
    for (std::string_view prefix : {"tag-", "category-", "status-", "format-"})
        if (token.starts_with(prefix))
            return token != "tag-cloud" && token != "tag-list" && token != "tag-links" && token != "tag-box";
    return false;
}

// Responsive utilities hide a part on some screens only ("hidden-xs", "hidden-sm-down", "hide-mobile",
// "hidden-print", behind a one-letter namespace as in ITCSS "l-hidden-s", "u-hide-md"): what they hold is
// visible to most readers.
bool is_responsive_token(std::string_view token) {
    if (token.size() > 2 && token[1] == '-') token.remove_prefix(2);
    for (std::string_view prefix : {"hidden-", "hide-", "visible-"}) {
        if (!token.starts_with(prefix)) continue;
        const std::string_view rest = token.substr(prefix.size());
        for (std::string_view screen : {"xs", "sm", "md", "lg", "xl", "print", "mobile", "tablet", "desktop",
                                        "phone", "small", "medium", "large"})
            if (rest.starts_with(screen)) return true;
        // One-letter sizes ("hidden-s", "hidden-m-up") only as a whole part.
        if (rest.size() == 1 || (rest.size() > 1 && rest[1] == '-'))
            if (rest[0] == 's' || rest[0] == 'm' || rest[0] == 'l') return true;
    }
    return false;
}

// Drupal writes the state of a field's label on the field ("field-label-hidden", "field--label-hidden"):
// the label is hidden, the field's text is shown.
bool is_label_state_token(std::string_view token) {
    return token.find("label-hidden") != token.npos || token.find("label--hidden") != token.npos;
}

// Whether `pred` holds for one of the space-separated tokens of `cls`.
template <typename Pred>
bool any_token(std::string_view cls, Pred pred) {
    size_t start = 0;
    while (start < cls.size()) {
        size_t end = cls.find(' ', start);
        if (end == std::string_view::npos) end = cls.size();
        if (const std::string_view token = cls.substr(start, end - start); !token.empty() && pred(token)) return true;
        start = end + 1;
    }
    return false;
}

// Whether a class token has one of `parts` (between dashes) or one of `substrings`.
template <size_t N, size_t M>
bool class_matches(std::string_view cls, const std::string_view (&parts)[N], const std::string_view (&substrings)[M]) {
    return any_token(cls, [&](std::string_view token) {
        return !is_taxonomy_token(token) && !is_responsive_token(token) && !is_label_state_token(token) &&
               (has_part(token, parts) || contains_any(token, substrings));
    });
}

// A blog post's own wrapper, as CMSs write it ("post-12 type-post status-publish hentry topics-x
// custom_tags-y"): its other tokens name the post's taxonomy terms, whatever words they hold.
bool is_post_wrapper_class(std::string_view cls) {
    return any_token(cls, [](std::string_view token) {
        return token == "hentry" || token == "type-post" || token == "status-publish" || token == "h-entry";
    });
}

enum class Widget : uint8_t { none, weak, strong };

// The class and id words of an element, with camel-case names also split into dashed words
// ("dateWrapper" also as "date-wrapper", "relatedPosts" as "related-posts"): the lower-case run-together
// token stays for the substring lists ("sideBar" is still "sidebar").
std::string class_words(const xmlNode* node) {
    std::string raw = attr(node, "class");
    const std::string id = attr(node, "id");
    if (!id.empty()) raw += ' ' + id;
    std::string split;
    bool camel = false;
    for (size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (i > 0 && c >= 'A' && c <= 'Z' && raw[i - 1] >= 'a' && raw[i - 1] <= 'z') {
            split += '-';
            camel = true;
        }
        split += c;
    }
    std::string out = ascii_lower(raw);
    if (camel) out += ' ' + ascii_lower(split);
    return out;
}

Widget boilerplate_class(std::string_view cls) {
    if (cls.empty() || is_post_wrapper_class(cls)) return Widget::none;
    if (class_matches(cls, kBoilerplateParts, kBoilerplateSubstrings)) return Widget::strong;
    if (class_matches(cls, kWeakBoilerplateParts, kWeakBoilerplateSubstrings)) return Widget::weak;
    return Widget::none;
}
// "publisher" names who publishes (the organisation's box, a CMS's "asset_publisher" module holding whole
// stories), not when: it is no date line.
bool is_metadata_class(std::string_view cls) {
    return cls.find("publisher") == cls.npos && class_matches(cls, kMetadataParts, kMetadataSubstrings);
}

bool has_words(const xmlNode* text) {
    if (!text || text->type != XML_TEXT_NODE || !text->content) return false;
    for (const xmlChar* p = text->content; *p; ++p)
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') return true;
    return false;
}

// A phrasing element with words of a sentence beside it. Its class or id names how it looks or what it
// marks ("dateline", "auto-tag_..."), not a widget: pruning it would cut words out of the sentence.
bool is_in_running_text(const xmlNode* node, std::string_view t) {
    for (std::string_view inline_tag : {"a", "span", "em", "strong", "b", "i", "u", "small", "font", "time", "abbr",
                                        "cite", "q", "mark", "sub", "sup", "code", "label", "s", "dfn", "var"})
        if (t == inline_tag) return has_words(node->prev) || has_words(node->next);
    return false;
}

// Text for screen readers only: hidden from the page's readers wherever it sits.
bool is_screen_reader_class(std::string_view cls) {
    for (std::string_view word : {"sr-only", "visually-hidden", "visuallyhidden", "screen-reader", "skip-link", "skiplink"})
        if (cls.find(word) != cls.npos) return true;
    return false;
}

Widget boilerplate_element(const xmlNode* node, std::string_view t) {
    if (t == "nav" || t == "aside" || t == "footer" || t == "dialog") return Widget::strong;
    if (is_in_running_text(node, t))
        return is_screen_reader_class(class_words(node)) ? Widget::strong : Widget::none;
    // The classes of <html> and <body> name the page's template ("one-sidebar", "has-sidebar"), not a widget.
    if (t == "html" || t == "body") return Widget::none;
    const std::string role = ascii_lower(attr(node, "role"));
    if (!role.empty() && std::find(std::begin(kBoilerplateRoles), std::end(kBoilerplateRoles), role) != std::end(kBoilerplateRoles))
        return Widget::strong;
    const std::string item = ascii_lower(attr(node, "itemprop") + " " + attr(node, "itemtype"));
    if (item.find("comment") != std::string::npos) return Widget::strong;
    return boilerplate_class(class_words(node));
}

enum class ContentMark : uint8_t { none, by_class, by_element };

// How an element says it holds the article: by its element or role ("<article>", "<main>",
// itemprop=articleBody), or only by a class word ("entry-content", "text-body").
ContentMark content_mark(const xmlNode* node, std::string_view t) {
    if (t == "article" || t == "main") return ContentMark::by_element;
    if (ascii_lower(attr(node, "role")) == "main") return ContentMark::by_element;
    if (ascii_lower(attr(node, "itemprop")) == "articlebody") return ContentMark::by_element;
    const std::string cls = class_and_id(node);
    return !cls.empty() && contains_any(cls, kContentSubstrings) ? ContentMark::by_class : ContentMark::none;
}

// Styling utilities of CSS frameworks (Bootstrap's "text-center", "text-md-left", Tailwind's "text-xs
// text-gray-500", Webflow's "text-align-center") say how text looks, not what it is: the word "text" in
// them is no sign of the article ("text-wrapper" still is).
bool is_text_style_token(std::string_view token) {
    if (!token.starts_with("text-")) return false;
    const std::string_view rest = token.substr(5);
    for (std::string_view style : {"left", "right", "center", "centre", "justify", "start", "end", "align", "xs",
                                   "sm", "md", "lg", "xl", "2xl", "3xl", "base", "small", "large", "muted", "white",
                                   "black", "gray", "grey", "dark", "light", "primary", "secondary", "uppercase",
                                   "lowercase", "capitalize", "nowrap", "truncate", "wrap", "break", "bold",
                                   "italic", "normal", "color", "colour", "size"})
        if (rest == style || (rest.starts_with(style) && rest[style.size()] == '-')) return true;
    return false;
}

double class_weight(const xmlNode* node) {
    const std::string cls = class_and_id(node);
    const auto has_word = [&](const auto& words) {
        return any_token(cls, [&](std::string_view token) {
            return !is_text_style_token(token) && contains_any(token, words);
        });
    };
    double weight = 0;
    if (has_word(kPositiveWords)) weight += 25;
    if (has_word(kNegativeWords)) weight -= 25;
    if (ascii_lower(attr(node, "itemprop")) == "articlebody") weight += 50;
    return weight;
}

double tag_weight(std::string_view t) {
    if (t == "article") return 10;
    if (t == "div" || t == "main" || t == "section") return 5;
    if (t == "pre" || t == "td" || t == "blockquote") return 3;
    if (t == "address" || t == "ol" || t == "ul" || t == "dl" || t == "dd" || t == "dt" || t == "li" || t == "form")
        return -3;
    if (is_heading(t) || t == "th") return -5;
    return 0;
}

// An <a> is a link when it has an href: without one it is an anchor that links point to ("<a name=q3>"),
// around a heading or a sentence of the text.
bool is_link(const xmlNode* node, std::string_view t) { return t == "a" && has_attr(node, "href"); }

// An empty or hidden block child (a player's placeholder, an ad slot) does not split the text around it.
bool has_block_child(const xmlNode* node) {
    for (const xmlNode* c = node->children; c; c = c->next)
        if (is_element(c) && is_block_tag(tag(c)) && tag(c) != "br" && c->children && !is_hidden(c)) return true;
    return false;
}

// Elements whose text Readability treats as one paragraph.
bool is_paragraph_like(const xmlNode* node, std::string_view t) {
    if (t == "p" || t == "pre" || t == "td" || t == "blockquote" || t == "dd")
        return !has_block_child(node);
    if (t == "div" || t == "section" || t == "article" || t == "main" || t == "span" || t == "font")
        return !has_block_child(node);
    return false;
}

// Visible characters and commas of a text node (white space does not count).
void count_text(const xmlNode* text, size_t& chars, size_t& commas) {
    if (!text->content) return;
    for (const xmlChar* p = text->content; *p; ++p) {
        const unsigned char c = *p;
        if ((c & 0xC0) == 0x80 || c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
        ++chars;
        if (c == ',') ++commas;
        // "，" and "、" (EF BC 8C, E3 80 81) are the commas of Chinese and Japanese text.
        if ((c == 0xEF && p[1] == 0xBC && p[2] == 0x8C) || (c == 0xE3 && p[1] == 0x80 && p[2] == 0x81)) ++commas;
    }
}

class BlockBuilder {
public:
    void add_text(const xmlNode* text, bool in_link, bool in_bold) {
        if (!text->content) return;
        current_.text += reinterpret_cast<const char*>(text->content);
        size_t chars = 0, commas = 0;
        count_text(text, chars, commas);
        current_.chars += chars;
        if (in_link) current_.link_chars += chars;
        if (in_bold) current_.bold_chars += chars;
    }
    void line_break() { current_.text += '\n'; }
    void start_heading() {
        flush();
        current_.heading = true;
    }
    void flush() {
        std::string text = normalized_lines(current_.text);
        if (!text.empty()) {
            current_.text = std::move(text);
            blocks_.push_back(std::move(current_));
        }
        current_ = TextBlock{};
    }
    std::vector<TextBlock>& blocks() { return blocks_; }

private:
    // White space collapsed within each line; <br> line breaks kept, empty lines dropped.
    static std::string normalized_lines(std::string_view raw) {
        std::string out;
        size_t start = 0;
        while (start <= raw.size()) {
            size_t end = raw.find('\n', start);
            if (end == std::string_view::npos) end = raw.size();
            const std::string line = collapse_space(raw.substr(start, end - start));
            if (!line.empty()) {
                if (!out.empty()) out += '\n';
                out += line;
            }
            start = end + 1;
        }
        return out;
    }

    TextBlock current_;
    std::vector<TextBlock> blocks_;
};

}  // namespace

ContentAnalysis::ContentAnalysis(xmlNode* root, std::string_view title) {
    constexpr size_t kMinBodyChars = 200;
    run(root, title, Pruning{});
    if (body_.size() >= kMinBodyChars) return;
    // Class names misled us: the whole page sits in a widget-named wrapper ("page has-sidebar",
    // "documentContent__sharingContainer"). An element holding most of the page's text is the page, not a
    // widget: read it again sparing such wrappers, or plainly when that is not better.
    run(root, title, Pruning{.classes = false});
    const size_t plain_body_chars = body_.size();
    run(root, title, Pruning{.wrapper_chars = stats(root)->text / 2});
    if (body_.size() < kMinBodyChars && body_.size() < plain_body_chars) run(root, title, Pruning{.classes = false});
}

ContentAnalysis::~ContentAnalysis() {
    for (xmlNode* n : touched_) n->_private = nullptr;
}

ContentAnalysis::NodeStats* ContentAnalysis::stats(const xmlNode* node) const {
    if (!node || !node->_private) return nullptr;
    const auto index = reinterpret_cast<std::uintptr_t>(node->_private) - 1;
    return const_cast<NodeStats*>(&stats_[index]);
}

void ContentAnalysis::run(xmlNode* root, std::string_view title, Pruning pruning) {
    for (xmlNode* n : touched_) n->_private = nullptr;
    touched_.clear();
    stats_.clear();
    compute_stats(root, pruning);
    container_ = best_container();
    parts_ = container_ ? with_good_siblings(container_) : std::vector<const xmlNode*>{};
    body_ = render(parts_, title);
}

// One recursive walk: text and link counts bottom-up, removal decided once the subtree is known.
void ContentAnalysis::compute_stats(xmlNode* node, Pruning pruning) {
    struct Walker {
        ContentAnalysis& self;
        Pruning prune;

        size_t visit(xmlNode* n, bool in_link) {
            const size_t index = self.stats_.size();
            self.stats_.emplace_back();
            self.touched_.push_back(n);
            n->_private = reinterpret_cast<void*>(std::uintptr_t(index + 1));
            const std::string_view t = tag(n);
            const bool link = in_link || is_link(n, t);
            NodeStats own;
            own.dropped = is_dropped_tag(t) || is_hidden(n);
            const Widget widget = boilerplate_element(n, t);
            own.boilerplate = widget != Widget::none;
            own.metadata = !own.boilerplate && (t == "figure" || t == "figcaption" ||
                                                (!is_in_running_text(n, t) && is_metadata_class(class_words(n))));
            const ContentMark mark = content_mark(n, t);
            if (!own.dropped) {
                for (xmlNode* c = n->children; c; c = c->next) {
                    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                        size_t chars = 0;
                        count_text(c, chars, own.commas);
                        own.text += chars;
                        if (link) own.link += chars;
                    } else if (c->type == XML_ELEMENT_NODE) {
                        const NodeStats& child = self.stats_[visit(c, link)];
                        own.positive = own.positive || child.positive;
                        if (child.removed) continue;
                        own.text += child.text;
                        own.link += child.link;
                        own.commas += child.commas;
                        const bool link_list = is_link_list(c, child);
                        own.link_list_text += link_list ? child.text : child.link_list_text;
                        own.link_list_link += link_list ? child.link : child.link_list_link;
                    }
                }
            }
            // A class word is a guess: it also names a list's field ("views-field-body") or a typography
            // utility ("text-body-l") inside a widget, so it counts when it holds an article's text.
            own.positive = own.positive || mark == ContentMark::by_element ||
                           (mark == ContentMark::by_class && own.text >= kMinMarkedContentChars);
            if (widget == Widget::weak && own.text >= kWeakBoilerplateProse && own.link_density() < 0.2)
                own.boilerplate = false;
            // A teaser of another story links to it; a "teaser" without any link is the article's own
            // lead (news CMSs class the standfirst "teaser-text" or "article-teaser").
            if (widget == Widget::weak && own.link == 0 && own.text >= kLeadTeaserChars &&
                class_and_id(n).find("teaser") != std::string::npos)
                own.boilerplate = false;
            // A widget class on a wrapper of the article itself (e.g. "page has-sidebar") is not boilerplate; when
            // no mark tells so, a wrapper is known by holding most of the page's text (see the constructor).
            own.removed = own.dropped || (prune.classes && (own.boilerplate || own.metadata) && !own.positive &&
                                          own.text < prune.wrapper_chars);
            self.stats_[index] = own;
            return index;
        }
    };
    Walker{*this, pruning}.visit(node, false);
    // Children were counted before their ancestors were known to be removed: propagate down (touched_ is in
    // document order, so parents come first).
    for (xmlNode* n : touched_) {
        NodeStats* parent = stats(n->parent);
        if (parent && parent->removed) stats(n)->removed = true;
    }
}

// Readability wraps the loose text of a box that also holds blocks ("<td><div>Meaning:</div>text<br>text
// <div>Usage:</div>text</td>") into paragraphs of that box: its text between the blocks is credited to
// the box as its own paragraph would be.
void ContentAnalysis::credit_loose_text(xmlNode* node, std::string_view t) const {
    constexpr size_t kMinChars = 100;
    if (t != "div" && t != "td" && t != "section" && t != "article" && t != "blockquote" && t != "dd") return;
    size_t chars = 0, commas = 0, link = 0;
    for (const xmlNode* c = node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            count_text(c, chars, commas);
        } else if (const NodeStats* cs = stats(c); cs && !cs->removed && !is_block_tag(tag(c))) {
            chars += cs->text;
            commas += cs->commas;
            link += cs->link;
        }
    }
    if (chars < kMinChars || link * 2 > chars) return;
    const double score = 1.0 + double(commas) + std::min(3.0, double(chars) / 100.0);
    credit_ancestors(node, score);
}

void ContentAnalysis::credit_ancestors(xmlNode* first, double score) const {
    // Readability: the first ancestor gets the whole score, the next half, those above a third per level.
    int level = 0;
    for (xmlNode* a = first; a && is_element(a) && level < 5; a = a->parent, ++level) {
        NodeStats* as = stats(a);
        if (!as || as->removed) break;
        if (!as->scored) {
            as->scored = true;
            as->score = tag_weight(tag(a)) + class_weight(a);
        }
        as->score += score / (level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0);
    }
}

const xmlNode* ContentAnalysis::best_container() const {
    // Readability: each paragraph credits its parent fully, its grandparent half, further ancestors less.
    for (xmlNode* n : touched_) {
        NodeStats* st = stats(n);
        const std::string_view t = tag(n);
        if (st->removed) continue;
        if (!is_paragraph_like(n, t)) {
            credit_loose_text(n, t);
            continue;
        }
        if (st->text < 25) continue;
        const double score = 1.0 + double(st->commas) + std::min(3.0, double(st->text) / 100.0);
        credit_ancestors(n->parent, score);
        // A lone text block also competes on its own.
        if (!st->scored) {
            st->scored = true;
            st->score = tag_weight(t) + class_weight(n) + score;
        }
    }
    // The five best candidates, best first.
    constexpr size_t kTopCandidates = 5;
    std::vector<std::pair<double, const xmlNode*>> top;
    for (xmlNode* n : touched_) {
        const NodeStats* st = stats(n);
        if (!st->scored || st->removed) continue;
        const double adjusted = st->score * (1.0 - candidate_link_density(n, *st));
        if (top.size() == kTopCandidates && adjusted <= top.back().first) continue;
        const auto at = std::find_if(top.begin(), top.end(), [&](const auto& c) { return adjusted > c.first; });
        top.insert(at, {adjusted, n});
        if (top.size() > kTopCandidates) top.pop_back();
    }
    const xmlNode* best = top.empty() ? nullptr : top.front().second;
    if (best) best = refined_candidate(top);
    // The page's own mark of its article body wins when it holds real text; a body marked in several
    // sections (one per run of paragraphs between ads) is their common ancestor.
    std::vector<const xmlNode*> marked;
    for (xmlNode* n : touched_) {
        const NodeStats* st = stats(n);
        if (st->removed || st->text < 140 || ascii_lower(attr(n, "itemprop")) != "articlebody") continue;
        if (marked.empty() || !is_inside(n, marked.back())) marked.push_back(n);
    }
    if (marked.empty()) return best;
    if (const xmlNode* common = sections_ancestor(marked)) return common;
    return *std::max_element(marked.begin(), marked.end(),
                             [&](const xmlNode* a, const xmlNode* b) { return stats(a)->text < stats(b)->text; });
}

// The nearest ancestor of all `sections` (more than one) when it is theirs: mostly their text, not a page
// that also holds other stories (nullptr otherwise).
const xmlNode* ContentAnalysis::sections_ancestor(const std::vector<const xmlNode*>& sections) const {
    constexpr double kMinSectionsShare = 0.5;
    if (sections.size() < 2) return nullptr;
    for (const xmlNode* a = sections.front()->parent; a && is_element(a) && tag(a) != "body"; a = a->parent) {
        const NodeStats* st = stats(a);
        if (!st || st->removed) return nullptr;
        if (!std::all_of(sections.begin(), sections.end(), [&](const xmlNode* n) { return is_inside(n, a); }))
            continue;
        size_t text = 0;
        for (const xmlNode* n : sections) text += stats(n)->text;
        return double(text) >= kMinSectionsShare * double(st->text) ? a : nullptr;
    }
    return nullptr;
}

// Readability's refinements of the best candidate: the article split into blocks of similar weight (a
// forum's posts, a page builder's text blocks) is their common ancestor, and so is the article cut into
// sections of one kind; a parent that scores higher holds more of the article; a lone child stands for its
// parent.
const xmlNode* ContentAnalysis::refined_candidate(const std::vector<std::pair<double, const xmlNode*>>& top) const {
    const xmlNode* best = top.front().second;
    const double best_score = top.front().first;
    constexpr int kMinAlternatives = 3;
    // Blocks of the best one's own kind (tag and class) scoring near it are sections of the same article
    // (a "<div class=article-chunk>" after each ad slot).
    constexpr double kMinSectionRatio = 0.5;
    const std::string best_class = attr(best, "class");
    std::vector<const xmlNode*> alternatives, sections{best};
    for (size_t i = 1; i < top.size(); ++i) {
        const xmlNode* n = top[i].second;
        if (best_score <= 0 || is_inside(best, n) || is_inside(n, best)) continue;
        const double ratio = top[i].first / best_score;
        if (ratio >= 0.75) alternatives.push_back(n);
        if (ratio >= kMinSectionRatio && !best_class.empty() && tag(n) == tag(best) && attr(n, "class") == best_class)
            sections.push_back(n);
    }
    if (static_cast<int>(alternatives.size()) >= kMinAlternatives) {
        for (const xmlNode* a = best->parent; a && is_element(a) && tag(a) != "body"; a = a->parent) {
            const NodeStats* st = stats(a);
            if (!st || st->removed) break;
            const int holding = static_cast<int>(std::count_if(alternatives.begin(), alternatives.end(),
                                                               [&](const xmlNode* n) { return is_inside(n, a); }));
            if (holding >= kMinAlternatives) {
                best = a;
                break;
            }
        }
    } else if (const xmlNode* common = sections_ancestor(sections)) {
        best = common;
    }
    while (best->parent && is_element(best->parent) && tag(best->parent) != "body") {
        const xmlNode* parent = best->parent;
        const NodeStats* st = stats(parent);
        if (!st || st->removed) break;
        size_t element_children = 0;
        for (const xmlNode* c = parent->children; c; c = c->next) element_children += is_element(c) ? 1 : 0;
        if (element_children != 1) break;
        best = parent;
    }
    // The chosen ancestor judges its siblings with the weight of the best candidate.
    if (NodeStats* st = stats(best); st && st->score < best_score) {
        st->scored = true;
        st->score = best_score;
    }
    return best;
}

// A box holding nothing but paragraphs ("<div class=teaser-text><p>...</p></div>"): Readability's
// sibling test for a paragraph applies to it, whatever its class weight (the lead beside the body).
bool is_wrapped_paragraph(const xmlNode* node) {
    const std::string_view t = tag(node);
    if (t != "div" && t != "section") return false;
    size_t paragraphs = 0;
    for (const xmlNode* c = node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            for (const xmlChar* p = c->content; p && *p; ++p)
                if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') return false;
        } else if (is_element(c)) {
            if (tag(c) != "p") return false;
            ++paragraphs;
        }
    }
    return paragraphs > 0;
}

// Visible characters of `node` inside list items (the outermost ones): Readability scores paragraphs, so
// a list is no candidate and its text must be found this way.
size_t ContentAnalysis::list_item_chars(const xmlNode* node) const {
    size_t chars = 0;
    for (const xmlNode* c = node->children; c; c = c->next) {
        const NodeStats* cs = stats(c);
        if (!is_element(c) || !cs || cs->removed) continue;
        chars += tag(c) == "li" ? cs->text : list_item_chars(c);
    }
    return chars;
}

// Readability: the article is often split among siblings (paragraph runs around figures and ads).
std::vector<const xmlNode*> ContentAnalysis::with_good_siblings(const xmlNode* top) const {
    const xmlNode* parent = top->parent;
    if (!parent || !is_element(parent) || tag(top) == "body") return {top};
    const NodeStats* top_stats = stats(top);
    const double top_score = top_stats->score * (1.0 - top_stats->link_density());
    const double threshold = std::max(10.0, top_score * 0.2);
    const std::string top_class = attr(top, "class");
    std::vector<const xmlNode*> parts;
    for (const xmlNode* s = parent->children; s; s = s->next) {
        if (s == top) {
            parts.push_back(s);
            continue;
        }
        const NodeStats* st = stats(s);
        if (!is_element(s) || !st || st->removed || st->text == 0) continue;
        double score = st->scored ? st->score * (1.0 - st->link_density()) : 0.0;
        if (!top_class.empty() && attr(s, "class") == top_class) score += top_score * 0.2;
        bool keep = st->scored && score >= threshold;
        if (!keep && (tag(s) == "p" || is_wrapped_paragraph(s))) {
            const double density = st->link_density();
            keep = (st->text > 80 && density < 0.25) ||
                   (st->text <= 80 && density == 0 && text_of(s).find(". ") != std::string::npos);
        }
        // A list beside the paragraphs, with (almost) no links, is the article's own list (key points,
        // tips, steps): menus and lists of other stories are links.
        if (!keep && st->text > 80 && st->link_density() < 0.1 && list_item_chars(s) * 10 >= st->text * 8)
            keep = true;
        if (keep) parts.push_back(s);
    }
    return parts;
}

std::string ContentAnalysis::render(const std::vector<const xmlNode*>& parts, std::string_view title) const {
    BlockBuilder builder;
    struct Emitter {
        const ContentAnalysis& self;
        BlockBuilder& out;

        // `container`: the element chosen as the article's, never dropped whole as a box of links (a page
        // wrapper dense with menus holds the text too: its inner boxes are judged instead).
        void emit(const xmlNode* n, bool in_link, bool in_bold, bool container = false) {
            if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
                out.add_text(n, in_link, in_bold);
                return;
            }
            if (!is_element(n)) return;
            const NodeStats* st = self.stats(n);
            if (!st || st->removed) return;
            const std::string_view t = tag(n);
            if (t == "br") {
                out.line_break();
                return;
            }
            const bool block = is_block_tag(t);
            // Lists and boxes made mostly of links are menus, tag lists and teasers of other stories.
            if (!container && block && t != "p" && !is_heading(t) && st->text > 0 && st->link_density() > 0.5) {
                out.flush();
                return;
            }
            if (is_heading(t)) out.start_heading();
            else if (block) out.flush();
            const bool bold = in_bold || t == "strong" || t == "b";
            const bool link = in_link || is_link(n, t);
            for (const xmlNode* c = n->children; c; c = c->next) emit(c, link, bold);
            if (block) out.flush();
        }
    };
    Emitter emitter{*this, builder};
    for (const xmlNode* part : parts) emitter.emit(part, false, false, part == container_);
    builder.flush();
    return html::article_text(std::move(builder.blocks()), title);
}

// The lead (standfirst) often sits between the heading and the body container, in the article's header.
std::vector<const xmlNode*> ContentAnalysis::lead_nodes(const xmlNode* heading) const {
    constexpr size_t kMaxLeadChars = 2000;
    if (!heading || parts_.empty() || is_inside(parts_.front(), heading)) return {};
    std::vector<const xmlNode*> lead;
    size_t chars = 0;
    const xmlNode* first = parts_.front();
    for (const xmlNode* n = next_in_order(heading, true); n != first; ) {
        if (!n) return {};  // the heading comes after the text
        if (is_inside(first, n)) {
            n = next_in_order(n);
            continue;
        }
        if (const NodeStats* st = stats(n); st && !st->removed) chars += st->text;
        if (chars > kMaxLeadChars) return {};
        lead.push_back(n);
        n = next_in_order(n, true);
    }
    return lead;
}

// The article's heading as schema.org microdata marks it ("<h3 itemprop=headline>"), for pages whose title
// is not an <h1>.
const xmlNode* ContentAnalysis::microdata_headline() const {
    for (const xmlNode* n : touched_)
        if (ascii_lower(attr(n, "itemprop")) == "headline" && !stats(n)->removed) return n;
    return nullptr;
}

std::string ContentAnalysis::article_text(const xmlNode* heading, std::string_view title) const {
    std::vector<const xmlNode*> nodes = lead_nodes(heading ? heading : microdata_headline());
    nodes.insert(nodes.end(), parts_.begin(), parts_.end());
    return render(nodes, title);
}

bool ContentAnalysis::in_boilerplate(const xmlNode* node, const xmlNode* article) const {
    for (const xmlNode* n = node; n && is_element(n); n = n->parent) {
        const NodeStats* st = stats(n);
        if (!st) continue;
        const bool article_line = article && n != article && is_inside(n, article) &&
                                  (tag(n) == "footer" || tag(n) == "header" || is_metadata_class(class_words(n)));
        if (st->boilerplate && !st->positive && !article_line) return true;
        const std::string_view t = tag(n);
        if (is_link(n, t) && ascii_lower(attr(n, "rel")) != "bookmark") return true;  // a teaser; not the permalink
        if ((t == "li" || t == "ul" || t == "ol") && st->link_density() > 0.5) return true;
    }
    return false;
}

}  // namespace fns::html

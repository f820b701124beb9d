#include "html_dom.h"

#include <algorithm>
#include <array>
#include <vector>

namespace fns::html {
namespace {

constexpr std::string_view kBlockTags[] = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"};

constexpr std::string_view kDroppedTags[] = {
    "applet", "audio", "button", "canvas", "embed", "head", "iframe", "input", "map", "math",
    "meta", "noscript", "object", "option", "script", "select", "source", "style", "svg", "template",
    "textarea", "video", "link"};

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// U+00A0 (C2 A0) and the typographic spaces U+2000..U+200A, U+202F, U+205F, U+3000 count as white space.
size_t unicode_space_len(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_space(c)) return 1;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
    if (c == 0xE2 && i + 2 < s.size()) {
        const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
        if (b1 == 0x80 && (b2 <= 0x8A || b2 == 0xAF)) return 3;
        if (b1 == 0x81 && b2 == 0x9F) return 3;
    }
    if (c == 0xE3 && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x80') return 3;
    return 0;
}

// Length of an invisible formatting character at `i` that is no part of the words: soft hyphen (U+00AD,
// "Mit&shy;tel&shy;al&shy;ter"), zero-width space (U+200B), word joiner (U+2060), byte-order mark (U+FEFF).
// Zero-width (non-)joiners stay: they shape Persian and emoji.
size_t invisible_len(std::string_view s, size_t i) {
    const auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    if (at(0) == 0xC2 && at(1) == 0xAD) return 2;
    if (at(0) == 0xE2 && ((at(1) == 0x80 && at(2) == 0x8B) || (at(1) == 0x81 && at(2) == 0xA0))) return 3;
    if (at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return 3;
    return 0;
}

void append_collapsed(std::string& out, std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        if (const unsigned char c = static_cast<unsigned char>(s[i]); c >= 0xC2 && c <= 0xEF) {
            if (const size_t n = invisible_len(s, i)) {
                i += n;
                continue;
            }
        }
        if (size_t n = unicode_space_len(s, i)) {
            if (!out.empty() && out.back() != ' ') out += ' ';
            i += n;
        } else {
            out += s[i++];
        }
    }
}

// Appends the text of `node`'s subtree; stops once `out` holds `max_chars`.
void append_text(const xmlNode* node, std::string& out, size_t max_chars) {
    const xmlNode* end = next_in_order(node, true);
    for (const xmlNode* n = node; n && n != end && out.size() < max_chars;) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) append_collapsed(out, reinterpret_cast<const char*>(n->content));
            n = next_in_order(n);
        } else if (n->type == XML_ELEMENT_NODE) {
            const std::string_view t = tag(n);
            if (is_dropped_tag(t) || is_hidden(n)) {
                n = next_in_order(n, true);
                continue;
            }
            if (is_block_tag(t) && !out.empty() && out.back() != ' ') out += ' ';
            n = next_in_order(n);
        } else {
            n = next_in_order(n);
        }
    }
}

constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                              HTML_PARSE_COMPACT;  // not NOBLANKS: it drops the spaces between inline words

// Visible characters of the text under `node`'s children, `<p>`s and headings among its descendants.
struct ProseCount {
    size_t chars = 0;
    size_t paragraphs = 0;
};

ProseCount count_prose(const xmlNode* node) {
    ProseCount count;
    for (const xmlNode* c = node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            for (const xmlChar* p = c->content; p && *p; ++p)
                if ((*p & 0xC0) != 0x80 && !is_space(*p)) ++count.chars;
        } else if (is_element(c) && !(is_dropped_tag(tag(c)) && tag(c) != "noscript")) {
            const ProseCount inner = count_prose(c);
            count.chars += inner.chars;
            count.paragraphs += inner.paragraphs + (tag(c) == "p" || is_heading(tag(c)) ? 1 : 0);
        }
    }
    return count;
}

// Prose enough to be (part of) an article rather than a fallback notice ("Please enable JavaScript") or a
// tracking pixel.
bool holds_prose(const ProseCount& count) {
    constexpr size_t kMinChars = 200;
    return count.paragraphs > 0 && count.chars >= kMinChars;
}

// Replaces `node` by its children.
void unwrap(xmlNode* node) {
    while (xmlNode* c = node->children) {
        xmlUnlinkNode(c);
        xmlAddPrevSibling(node, c);
    }
    xmlUnlinkNode(node);
    xmlFreeNode(node);
}

// A client-side template ("<script type=text/template>", "text/x-template", Handlebars'
// "text/x-handlebars-template") that the page renders its article from.
bool is_template_script(const xmlNode* node) {
    if (tag(node) != "script") return false;
    const std::string type = ascii_lower(attr(node, "type"));
    return type.find("template") != std::string::npos;
}

// The markup of a template script parsed into an element of `doc` (a <div> holding it), nullptr when it
// holds no prose or less than half as much as `page_chars`, the visible text of the page: the page is
// rendered from it, not a dialog or widget that a script shows on demand.
xmlNode* parse_template(xmlDoc* doc, const xmlNode* script, size_t page_chars) {
    std::string markup;
    for (const xmlNode* c = script->children; c; c = c->next)
        if (c->content) markup += reinterpret_cast<const char*>(c->content);
    if (markup.find("<p") == std::string::npos) return nullptr;
    markup = "<html><body><div>" + markup + "</div></body></html>";
    const DocPtr inner(htmlReadMemory(markup.data(), int(markup.size()), nullptr, "UTF-8", kParseOptions));
    const xmlNode* root = inner ? xmlDocGetRootElement(inner.get()) : nullptr;
    const xmlNode* body = root ? root->children : nullptr;
    while (body && tag(body) != "body") body = body->next;
    const xmlNode* div = body ? body->children : nullptr;
    if (!div || tag(div) != "div") return nullptr;
    if (const ProseCount prose = count_prose(div); !holds_prose(prose) || prose.chars * 2 < page_chars) return nullptr;
    return xmlDocCopyNode(const_cast<xmlNode*>(div), doc, 1);
}

// Undoes what hides a page's text from the extractor: an unclosed <noscript> that libxml2 makes the parent
// of the rest of the page (a tracking pixel's, left open) is unwrapped when it holds prose, and a template
// script holding prose becomes the markup it renders.
void repair_tree(xmlDoc* doc, xmlNode* root) {
    std::vector<xmlNode*> noscripts, templates;
    for (const xmlNode* n = root; n; n = next_in_order(n)) {
        if (tag(n) == "noscript") noscripts.push_back(const_cast<xmlNode*>(n));
        else if (is_template_script(n)) templates.push_back(const_cast<xmlNode*>(n));
    }
    for (xmlNode* n : noscripts)
        if (holds_prose(count_prose(n))) unwrap(n);
    const size_t page_chars = templates.empty() ? 0 : count_prose(root).chars;
    for (xmlNode* script : templates) {
        if (xmlNode* rendered = parse_template(doc, script, page_chars)) {
            xmlAddPrevSibling(script, rendered);
            xmlUnlinkNode(script);
            xmlFreeNode(script);
        }
    }
}

}  // namespace

DocPtr parse_html(std::string_view utf8) {
    DocPtr doc(htmlReadMemory(utf8.data(), int(utf8.size()), nullptr, "UTF-8", kParseOptions));
    if (xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr) repair_tree(doc.get(), root);
    return doc;
}

bool is_element(const xmlNode* node) { return node && node->type == XML_ELEMENT_NODE; }

std::string_view tag(const xmlNode* node) {
    if (!is_element(node) || !node->name) return {};
    return reinterpret_cast<const char*>(node->name);
}

bool is_heading(std::string_view t) { return t.size() == 2 && t[0] == 'h' && t[1] >= '1' && t[1] <= '6'; }

bool is_block_tag(std::string_view t) {
    return std::find(std::begin(kBlockTags), std::end(kBlockTags), t) != std::end(kBlockTags);
}

bool is_dropped_tag(std::string_view t) {
    return std::find(std::begin(kDroppedTags), std::end(kDroppedTags), t) != std::end(kDroppedTags);
}

std::string attr(const xmlNode* node, const char* name) {
    if (!is_element(node)) return {};
    for (const xmlAttr* a = node->properties; a; a = a->next) {
        if (!a->name || xmlStrcasecmp(a->name, reinterpret_cast<const xmlChar*>(name)) != 0) continue;
        const xmlNode* v = a->children;
        return (v && v->content) ? std::string(reinterpret_cast<const char*>(v->content)) : std::string{};
    }
    return {};
}

bool has_attr(const xmlNode* node, const char* name) {
    if (!is_element(node)) return false;
    for (const xmlAttr* a = node->properties; a; a = a->next)
        if (a->name && xmlStrcasecmp(a->name, reinterpret_cast<const xmlChar*>(name)) == 0) return true;
    return false;
}

std::string class_and_id(const xmlNode* node) {
    std::string s = attr(node, "class");
    const std::string id = attr(node, "id");
    if (!id.empty()) s += ' ' + id;
    return ascii_lower(s);
}

bool is_hidden(const xmlNode* node) {
    if (!is_element(node) || !node->properties) return false;
    if (has_attr(node, "hidden") || attr(node, "aria-hidden") == "true") return true;
    const std::string style = attr(node, "style");
    if (style.empty()) return false;
    std::string compact;
    for (char c : ascii_lower(style))
        if (!is_space(static_cast<unsigned char>(c))) compact += c;
    return compact.find("display:none") != std::string::npos ||
           compact.find("visibility:hidden") != std::string::npos;
}

const xmlNode* next_in_order(const xmlNode* node, bool skip_children) {
    if (!skip_children && node->children && node->type == XML_ELEMENT_NODE) return node->children;
    for (const xmlNode* n = node; n; n = n->parent) {
        if (n->next) return n->next;
    }
    return nullptr;
}

bool is_inside(const xmlNode* node, const xmlNode* ancestor) {
    for (const xmlNode* n = node; n; n = n->parent)
        if (n == ancestor) return true;
    return false;
}

std::string text_of(const xmlNode* node) {
    std::string out;
    append_text(node, out, std::string::npos);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.front() == ' ') out.erase(0, 1);
    return out;
}

std::string text_from(const xmlNode* node, size_t max_chars) {
    std::string out;
    for (const xmlNode* n = node; n && out.size() < max_chars; n = next_in_order(n, true)) {
        append_text(n, out, max_chars);
        if (!out.empty() && out.back() != ' ') out += ' ';
    }
    return out;
}

std::string collapse_space(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    append_collapsed(out, s);
    if (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.front() == ' ') out.erase(0, 1);
    return out;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

bool same_text(std::string_view a, std::string_view b) {
    return ascii_lower(collapse_space(a)) == ascii_lower(collapse_space(b));
}

}  // namespace fns::html

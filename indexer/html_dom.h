// Small helpers over libxml2's HTML tree, shared by the parts of the HTML extractor.
#pragma once

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

namespace fns::html {

struct DocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

// Parses UTF-8 HTML leniently (never fails on malformed markup; nullptr only for an empty document), and
// repairs what would hide the text: a <noscript> holding prose (an unclosed one that libxml2 makes the
// parent of the rest of the page) is replaced by its content, a template script holding prose
// (`<script type="text/template">`) by the markup it renders.
DocPtr parse_html(std::string_view utf8);

// Lower-case tag name ("" for text and other non-element nodes). libxml2 lower-cases HTML tag names.
std::string_view tag(const xmlNode* node);
bool is_element(const xmlNode* node);
bool is_heading(std::string_view tag);
// Elements that start a new paragraph or line of text when rendered.
bool is_block_tag(std::string_view tag);
// Elements whose content is never article text (scripts, styles, embedded objects, form controls).
bool is_dropped_tag(std::string_view tag);

// Attribute value ("" when absent).
std::string attr(const xmlNode* node, const char* name);
bool has_attr(const xmlNode* node, const char* name);
// Lower-cased class and id, space-separated: what content/boilerplate patterns are matched against.
std::string class_and_id(const xmlNode* node);
// Hidden by the `hidden` attribute, aria-hidden or an inline display:none / visibility:hidden.
bool is_hidden(const xmlNode* node);

// Next node in document order, not descending into `node`'s children when `skip_children`.
const xmlNode* next_in_order(const xmlNode* node, bool skip_children = false);
bool is_inside(const xmlNode* node, const xmlNode* ancestor);

// Visible text of a subtree with whitespace collapsed to single spaces (dropped tags skipped, block
// boundaries become spaces so that words never stick together).
std::string text_of(const xmlNode* node);
// Text starting at `node` and following it in document order, up to about `max_chars`.
std::string text_from(const xmlNode* node, size_t max_chars);

// Collapses runs of white space (ASCII and no-break spaces) into one space and trims.
std::string collapse_space(std::string_view s);
std::string ascii_lower(std::string_view s);
// Case-insensitive comparison of two texts after collapsing white space.
bool same_text(std::string_view a, std::string_view b);

}  // namespace fns::html

// Finds the article's own text in a page and drops the boilerplate around and inside it.
//
// Ideas from Readability.js (score paragraphs, credit their ancestors, pick the best container, add its
// good siblings) and jusText (classify each block by length, link density and stop-word density, then let
// short blocks take the class of their neighbours). Class/id names of common CMS widgets (comments, share
// bars, related lists, cookie banners, newsletters) prune whole subtrees first; when that leaves nothing,
// the page is read again sparing the elements that hold most of its text, or without that pruning.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "html_dom.h"

namespace fns::html {

class ContentAnalysis {
public:
    // `root` is the document's root element; `title` (when known) is left out of the body.
    ContentAnalysis(xmlNode* root, std::string_view title);
    ~ContentAnalysis();
    ContentAnalysis(const ContentAnalysis&) = delete;
    ContentAnalysis& operator=(const ContentAnalysis&) = delete;

    // The article's text, paragraphs separated by "\n\n", with the lead found between `heading` (the
    // article's title heading, may be null) and the container.
    std::string article_text(const xmlNode* heading, std::string_view title) const;
    // The element holding the article text (nullptr when none was found).
    const xmlNode* container() const { return container_; }
    // Whether `node` lies in something that is not the article: comments, related stories, teasers, menus,
    // sidebars, footers (by tag, class/id or link density). Inside `article` (when given), the article's
    // own header, footer and meta lines are not: they hold its byline and date.
    bool in_boilerplate(const xmlNode* node, const xmlNode* article = nullptr) const;

    struct NodeStats;

private:
    // How class and id names prune the page: not at all (when they misled), or every widget but those
    // holding `wrapper_chars` of text or more.
    struct Pruning {
        bool classes = true;
        size_t wrapper_chars = SIZE_MAX;
    };

    NodeStats* stats(const xmlNode* node) const;
    void compute_stats(xmlNode* node, Pruning pruning);
    const xmlNode* best_container() const;
    void credit_loose_text(xmlNode* node, std::string_view t) const;
    void credit_ancestors(xmlNode* first, double score) const;
    const xmlNode* sections_ancestor(const std::vector<const xmlNode*>& sections) const;
    const xmlNode* refined_candidate(const std::vector<std::pair<double, const xmlNode*>>& top) const;
    std::vector<const xmlNode*> with_good_siblings(const xmlNode* top) const;
    size_t list_item_chars(const xmlNode* node) const;
    const xmlNode* microdata_headline() const;
    std::vector<const xmlNode*> lead_nodes(const xmlNode* heading) const;
    std::string render(const std::vector<const xmlNode*>& parts, std::string_view title) const;
    void run(xmlNode* root, std::string_view title, Pruning pruning);

    std::vector<NodeStats> stats_;
    std::vector<xmlNode*> touched_;  // nodes whose _private points into stats_, reset on destruction
    std::vector<const xmlNode*> parts_;  // the container and its good siblings
    std::string body_;                   // their text, to judge whether pruning went wrong
    const xmlNode* container_ = nullptr;
};

}  // namespace fns::html

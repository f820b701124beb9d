// What a page says about itself outside its visible text: <title>, <meta>, canonical link, JSON-LD,
// and the elements the date and title rules look at, gathered in one walk of the tree.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <unordered_map>
#include <vector>

#include "html_dom.h"

namespace fns::html {

struct PageMeta {
    std::string title_tag;
    std::string canonical;
    // Lower-cased `name`, `property`, `itemprop` or `http-equiv` of each <meta> -> its content (first wins).
    std::unordered_map<std::string, std::string> metas;
    // Objects from JSON-LD scripts, flattened out of @graph and arrays, in page order.
    std::vector<nlohmann::json> json_ld;
    std::vector<const xmlNode*> h1s;
    std::vector<const xmlNode*> times;            // <time> elements
    std::vector<const xmlNode*> itemprop_dates;   // itemprop="datePublished" / "dateCreated" elements
    std::vector<const xmlNode*> itemprop_updates; // itemprop="dateModified" elements

    const std::string* meta(const std::string& key) const;
};

PageMeta collect_page_meta(const xmlNode* root);

// JSON-LD objects that describe the article itself (NewsArticle, BlogPosting, WebPage, ...).
bool is_article_type(const nlohmann::json& object);
// A JSON-LD value that may be a string, an object with "name", or an array of them -> the first name.
std::string json_ld_name(const nlohmann::json& value);

}  // namespace fns::html

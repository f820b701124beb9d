// Keeps the article's paragraphs among the text blocks of its container, jusText-style: each block is
// judged by its length, link density, stop-word density and boilerplate phrases, then short and
// borderline blocks take the verdict of their neighbours.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fns::html {

struct TextBlock {
    std::string text;        // white space collapsed; "\n" where the page had <br>
    size_t chars = 0;        // visible characters
    size_t link_chars = 0;   // of which inside links
    size_t bold_chars = 0;   // of which inside <strong> or <b>
    bool heading = false;
};

// The kept blocks joined by "\n\n". A heading equal to `title` and date lines are left out (the title and
// the dates are stored apart).
std::string article_text(std::vector<TextBlock> blocks, std::string_view title);

}  // namespace fns::html

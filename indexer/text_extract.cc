#include "text_extract.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "analysis.h"

namespace fns {

namespace {

// Headings after which a page lists other stories, folded (see fold_words).
constexpr std::array<std::string_view, 24> kFurnitureHeadings = {
    "a lire aussi", "a lire egalement", "a voir aussi", "articles recents", "articles similaires",
    "commentaires", "dans la meme rubrique", "derniers articles", "laisser un commentaire", "les plus lus",
    "lire aussi", "more stories", "nos derniers articles", "partager cet article", "read more",
    "recent posts", "related articles", "related posts", "sur le meme sujet", "vous aimerez aussi",
    "vous aimerez aussi lire", "les plus partages", "a la une", "derniere minute",
};

enum class LabelKind { None, Published, Updated, Other };

// Label lines carry page metadata, not article text.
LabelKind label_kind(std::string_view folded_line, size_t raw_length) {
    if (raw_length > 120) return LabelKind::None;
    const auto starts = [&](std::string_view prefix) {
        return folded_line.starts_with(prefix) &&
               (folded_line.size() == prefix.size() || folded_line[prefix.size()] == ' ');
    };
    if (starts("publie") || starts("publiee") || starts("published") || starts("posted")) return LabelKind::Published;
    if (starts("mis a jour") || starts("mise a jour") || starts("modifie") || starts("actualise") || starts("updated"))
        return LabelKind::Updated;
    if (starts("temps de lecture") || starts("partager") || starts("reading time"))
        return LabelKind::Other;
    return LabelKind::None;
}

bool is_furniture_heading(std::string_view folded_line) {
    return std::find(kFurnitureHeadings.begin(), kFurnitureHeadings.end(), folded_line) != kFurnitureHeadings.end();
}

// A signature or author name standing alone: "Charlotte", "Jean Dupont", "AFP".
bool looks_like_name_line(std::string_view paragraph, std::string_view folded) {
    if (paragraph.size() > 40 || folded.empty()) return false;
    if (std::count(folded.begin(), folded.end(), ' ') > 2) return false;
    if (paragraph.find_first_of(".,;:!?«»\"") != std::string_view::npos) return false;
    const unsigned char first = static_cast<unsigned char>(paragraph.front());
    return (first >= 'A' && first <= 'Z') || first >= 0xC0;  // a capital, or a non-ASCII letter (É...)
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

}  // namespace

Article extract_text_page(std::string_view utf8, std::optional<Date> not_after) {
    Article article;
    std::vector<std::string> body;         // paragraphs
    std::vector<std::string> folded_body;  // the same, folded
    std::string dating_text;               // the page up to its furniture, labels included: their words
                                           // ("Publié ...") guide the search for a date in the prose
    std::string paragraph;
    const auto end_paragraph = [&] {
        if (paragraph.empty()) return;
        folded_body.push_back(fold_words(paragraph));
        body.push_back(std::move(paragraph));
        paragraph.clear();
    };
    for (size_t pos = 0; pos <= utf8.size();) {
        size_t end = utf8.find('\n', pos);
        if (end == std::string_view::npos) end = utf8.size();
        const std::string line = collapse_whitespace(utf8.substr(pos, end - pos));
        pos = end + 1;
        if (line.empty()) {
            end_paragraph();
            continue;
        }
        if (article.title.empty()) {  // the first non-empty line
            article.title = line;
            dating_text = line;
            continue;
        }
        const std::string folded = fold_words(line);
        if (is_furniture_heading(folded)) break;
        dating_text.append("\n").append(line);
        switch (label_kind(folded, line.size())) {
            case LabelKind::Published:
                if (!article.published) article.published = parse_date(line);
                continue;
            case LabelKind::Updated:
                if (!article.updated) article.updated = parse_date(line);
                continue;
            case LabelKind::Other:
                continue;
            case LabelKind::None:
                break;
        }
        if (!paragraph.empty()) paragraph.push_back(' ');
        paragraph.append(line);
    }
    end_paragraph();
    // An author blurb closes many pages: a name alone, then a line or two about the author.
    const size_t blurb_window = std::min<size_t>(3, body.size());
    for (size_t i = body.size() - blurb_window; i < body.size(); ++i) {
        if (i > 0 && looks_like_name_line(body[i], folded_body[i])) {
            body.resize(i);
            break;
        }
    }
    for (const std::string& kept : body) {
        if (!article.body.empty()) article.body.append("\n\n");
        article.body.append(kept);
    }
    if (article.published && not_after && *article.published > *not_after) article.published.reset();
    if (!article.published) {
        ProseDateOptions options;
        options.not_after = not_after;
        article.published = find_date_in_prose(dating_text, options);
    }
    return article;
}

}  // namespace fns

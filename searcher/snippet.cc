#include "snippet.h"

#include <unordered_map>

namespace fns {

namespace {

struct WordSpan {
    size_t begin;
    size_t end;
    int term = -1;  // index of the matched query term, or -1
};

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

Snippet make_snippet(std::string_view body, const std::unordered_set<std::string>& terms, FrenchAnalyzer& analyzer,
                     size_t max_words) {
    std::vector<WordSpan> words;
    std::unordered_map<std::string_view, int> term_index;
    for (const std::string& term : terms) term_index.emplace(term, static_cast<int>(term_index.size()));
    analyzer.analyze(body, [&](const AnalyzedWord& word) {
        const auto found = word.term.empty() ? term_index.end() : term_index.find(word.term);
        words.push_back({word.begin, word.end, found == term_index.end() ? -1 : found->second});
    });
    Snippet snippet;
    if (words.empty()) return snippet;

    // Slide a window of max_words words; score = distinct terms first, then matches.
    size_t best_start = 0;
    long best_score = -1;
    std::vector<int> counts(term_index.size(), 0);
    int distinct = 0, matches = 0;
    const size_t window = std::min(max_words, words.size());
    for (size_t end = 0; end < words.size(); ++end) {
        if (words[end].term >= 0) {
            ++matches;
            if (counts[words[end].term]++ == 0) ++distinct;
        }
        if (end >= window) {
            const WordSpan& gone = words[end - window];
            if (gone.term >= 0) {
                --matches;
                if (--counts[gone.term] == 0) --distinct;
            }
        }
        if (end + 1 >= window) {
            const long score = distinct * 1000L + matches;
            if (score > best_score) {
                best_score = score;
                best_start = end + 1 - window;
            }
        }
    }
    // Move the window on to start a few words before its first match: context, and room for more matches.
    if (best_score > 0) {
        size_t first_match = best_start;
        while (words[first_match].term < 0) ++first_match;
        if (first_match > best_start + 4) best_start = std::min(first_match - 4, words.size() - window);
    }
    const size_t last = best_start + window - 1;

    const size_t text_begin = best_start == 0 ? 0 : words[best_start].begin;
    const size_t text_end = last + 1 == words.size() ? body.size() : words[last].end;
    if (best_start > 0) snippet.text = "… ";
    size_t next_highlight = best_start;
    bool space = false;
    for (size_t pos = text_begin; pos < text_end; ++pos) {
        while (next_highlight <= last && words[next_highlight].end <= pos) ++next_highlight;
        if (next_highlight <= last && words[next_highlight].begin == pos && words[next_highlight].term >= 0) {
            if (space) snippet.text.push_back(' ');
            space = false;
            const WordSpan& word = words[next_highlight];
            const size_t start = snippet.text.size();
            snippet.text.append(body.substr(word.begin, word.end - word.begin));
            snippet.highlights.emplace_back(start, snippet.text.size());
            pos = word.end - 1;
            continue;
        }
        if (is_space(body[pos])) {
            space = !snippet.text.empty();
            continue;
        }
        if (space) snippet.text.push_back(' ');
        space = false;
        snippet.text.push_back(body[pos]);
    }
    if (text_end < body.size()) snippet.text += " …";
    return snippet;
}

}  // namespace fns

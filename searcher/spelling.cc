#include "spelling.h"

#include <algorithm>
#include <vector>

#include "schema.h"

namespace fns {

size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
    if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
    std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        size_t row_minimum = current[0];
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
            row_minimum = std::min(row_minimum, current[j]);
        }
        if (row_minimum > limit) return limit + 1;
        before.swap(previous);
        previous.swap(current);
    }
    return previous[b.size()];
}

namespace {

// How far `candidate` (a stem) is from what was typed: from the typed word's stem, or from the start of
// the typed word when a misspelt ending kept the stemmer from cutting it ("gouvernemnt" -> "gouvern").
size_t distance_to(const std::string& term, const std::string& folded, const std::string& candidate, size_t limit) {
    size_t distance = edit_distance(term, candidate, limit);
    if (candidate.size() >= 4 && candidate.size() * 10 >= folded.size() * 6) {
        for (size_t length = candidate.size() - 1; length <= candidate.size() + 1 && length <= folded.size(); ++length)
            distance = std::min(distance, edit_distance(folded.substr(0, length), candidate, limit) + 1);
    }
    return distance;
}

// The most frequent indexed body term within reach (same first letter: typos rarely touch it), among those
// in `min_frequency` articles or more.
std::optional<std::string> nearest_term(const Xapian::Database& db, const std::string& term, const std::string& folded,
                                        Xapian::doccount min_frequency) {
    const size_t limit = term.size() <= 4 ? 1 : 2;
    std::optional<std::string> best;
    size_t best_distance = limit + 1;
    Xapian::doccount best_frequency = 0;
    const std::string prefix = term.substr(0, 1);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        const std::string candidate = *it;
        if (it.get_termfreq() < min_frequency || candidate == term) continue;
        const size_t distance = distance_to(term, folded, candidate, limit);
        if (distance > limit) continue;
        const Xapian::doccount frequency = it.get_termfreq();
        if (distance < best_distance || (distance == best_distance && frequency > best_frequency)) {
            best = candidate;
            best_distance = distance;
            best_frequency = frequency;
        }
    }
    return best;
}

// A word, as an article writes it, whose term is `term`: from the first article that has it.
std::string surface_form(const Xapian::Database& db, const std::string& term, FrenchAnalyzer& analyzer) {
    const auto posting = db.postlist_begin(term);
    if (posting == db.postlist_end(term)) return term;
    const schema::StoredArticle stored = schema::decode_stored(db.get_document(*posting).get_data());
    std::string found;
    for (const std::string* text : {&stored.article.title, &stored.article.body}) {
        analyzer.analyze(*text, [&](const AnalyzedWord& word) {
            if (found.empty() && word.term == term) found = text->substr(word.begin, word.end - word.begin);
        });
        if (!found.empty()) break;
    }
    if (found.empty()) return term;
    // Lower case the ASCII capitals of a sentence-initial word; keep the rest as written.
    if (found.size() > 1 && found[0] >= 'A' && found[0] <= 'Z' && !(found[1] >= 'A' && found[1] <= 'Z'))
        found[0] = static_cast<char>(found[0] - 'A' + 'a');
    return found;
}

}  // namespace

std::optional<std::string> suggest_spelling(const Xapian::Database& db, std::string_view query,
                                            FrenchAnalyzer& analyzer, Xapian::doccount rare_below) {
    struct Replacement {
        size_t begin, end;
        std::string term;
        std::string folded;
        Xapian::doccount min_frequency;
    };
    std::vector<Replacement> unknown;
    // A word joined to a colon is a field name or value ("foo:bar"): never rewritten into another one.
    const auto next_to_colon = [&](const AnalyzedWord& word) {
        return (word.begin > 0 && query[word.begin - 1] == ':') || (word.end < query.size() && query[word.end] == ':');
    };
    analyzer.analyze(query, [&](const AnalyzedWord& word) {
        if (word.term.empty() || next_to_colon(word)) return;
        const Xapian::doccount frequency = db.get_termfreq(std::string(word.term));
        if (frequency == 0 || frequency < rare_below)
            unknown.push_back({word.begin, word.end, std::string(word.term), std::string(word.folded),
                               std::max<Xapian::doccount>(1, frequency * kMoreFrequent)});
    });
    std::string suggestion(query);
    bool changed = false;
    for (auto it = unknown.rbegin(); it != unknown.rend(); ++it) {  // from the end: spans stay valid
        const auto nearest = nearest_term(db, it->term, it->folded, it->min_frequency);
        if (!nearest) continue;
        suggestion.replace(it->begin, it->end - it->begin, surface_form(db, *nearest, analyzer));
        changed = true;
    }
    if (!changed) return std::nullopt;
    return suggestion;
}

}  // namespace fns

namespace fns {

std::optional<std::string> did_you_mean(Searcher& searcher, const std::string& query, Xapian::doccount matches,
                                        const SearchOptions& options, bool plain) {
    if (query.empty() || matches >= kFewMatches) return std::nullopt;
    const auto suggestion = suggest_spelling(searcher.database(), query, searcher.analyzer(), matches == 0 ? 1 : kFewMatches);
    if (!suggestion || matches == 0) return suggestion;
    SearchOptions count_only = options;
    count_only.offset = 0;
    count_only.limit = 1;
    try {
        const ParsedQuery corrected = plain ? searcher.parse_plain(*suggestion) : searcher.parse(*suggestion);
        const Xapian::doccount found = searcher.rank(corrected, count_only).matches_estimated;
        if (found >= kClearlyMore * matches && found >= matches + kFewMatches) return suggestion;
    } catch (const QueryError&) {  // a correction that breaks the query's syntax is no suggestion
    }
    return std::nullopt;
}

}  // namespace fns

#include "query_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "schema.h"

namespace fns {

namespace {

enum class TokenKind { Word, Phrase, Field, Open, Close, And, Or, Not, End };

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;   // the word, the phrase's text, or the field's value
    std::string field;  // for Field: the field name, lower case
    char modifier = 0;  // '+' or '-' before the item, or 0
    bool value_is_phrase = false;  // titre:"..."
    size_t column = 0;
};

// Opening quotes and the closing quote each expects: "..." “...” «...».
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kQuotes = {{
    {"\"", "\""}, {"\u201C", "\u201D"}, {"\u00AB", "\u00BB"},
}};

constexpr std::array<std::string_view, 4> kFields = {"titre", "title", "source", "date"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// What to do with a malformed part of a query: strict parsing throws; forgiving parsing notes how the
// part was read (each reading once) and the caller repairs it.
class Complaints {
public:
    Complaints(Strictness strictness, std::vector<std::string>& notes) : strict_(strictness == Strictness::Strict), notes_(notes) {}
    void raise(const std::string& error, size_t column, const std::string& reading) {
        if (strict_) throw QueryError(error, column);
        if (std::find(notes_.begin(), notes_.end(), reading) == notes_.end()) notes_.push_back(reading);
    }

private:
    bool strict_;
    std::vector<std::string>& notes_;
};

class Lexer {
public:
    Lexer(std::string_view text, Complaints& complaints) : text_(text), complaints_(complaints) {}

    std::vector<Token> tokens() {
        std::vector<Token> out;
        for (;;) {
            Token token = next();
            const bool end = token.kind == TokenKind::End;
            out.push_back(std::move(token));
            if (end) return out;
        }
    }

private:
    // The closing quote for an opening quote at pos_, or empty.
    std::string_view closing_quote_at(size_t pos) const {
        for (const auto& [open, close] : kQuotes)
            if (text_.substr(pos, open.size()) == open) return close;
        return {};
    }
    size_t opening_quote_length(size_t pos) const {
        for (const auto& [open, close] : kQuotes)
            if (text_.substr(pos, open.size()) == open) return open.size();
        return 0;
    }

    std::string read_quoted(size_t start) {
        const std::string_view close = closing_quote_at(pos_);
        pos_ += opening_quote_length(pos_);
        size_t end = text_.find(close, pos_);
        if (end == std::string_view::npos) {
            complaints_.raise("this quote is never closed", start,
                              fmt::format("the quote at column {} closed at the end", start + 1));
            end = text_.size();
        }
        std::string phrase(text_.substr(pos_, end - pos_));
        pos_ = std::min(text_.size(), end + close.size());
        return phrase;
    }

    bool at_word_end(size_t pos) const {
        return pos >= text_.size() || is_space(text_[pos]) || text_[pos] == '(' || text_[pos] == ')' ||
               !closing_quote_at(pos).empty();
    }

    Token next() {
        while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
        Token token;
        token.column = pos_;
        if (pos_ >= text_.size()) return token;
        if ((text_[pos_] == '+' || text_[pos_] == '-') && pos_ + 1 < text_.size() && !is_space(text_[pos_ + 1])) {
            token.modifier = text_[pos_++];
        }
        if (text_[pos_] == '(') {
            ++pos_;
            token.kind = TokenKind::Open;
            return token;
        }
        if (text_[pos_] == ')') {
            if (token.modifier) {
                complaints_.raise("+ and - go before a word, a phrase or a parenthesis", token.column,
                                  fmt::format("the {} before ) dropped", token.modifier));
                token.modifier = 0;
            }
            ++pos_;
            token.kind = TokenKind::Close;
            return token;
        }
        if (!closing_quote_at(pos_).empty()) {
            token.kind = TokenKind::Phrase;
            token.text = read_quoted(pos_);
            return token;
        }
        const size_t start = pos_;
        while (!at_word_end(pos_)) ++pos_;
        const std::string_view word = text_.substr(start, pos_ - start);
        if (!token.modifier) {
            static constexpr std::array<std::pair<std::string_view, TokenKind>, 6> kOperators = {{
                {"AND", TokenKind::And}, {"ET", TokenKind::And}, {"OR", TokenKind::Or},
                {"OU", TokenKind::Or}, {"NOT", TokenKind::Not}, {"SAUF", TokenKind::Not},
            }};
            for (const auto& [name, kind] : kOperators) {
                if (word == name) {
                    token.kind = kind;
                    token.text = std::string(word);
                    return token;
                }
            }
        }
        if (const size_t colon = word.find(':'); colon != std::string_view::npos) {
            std::string field(word.substr(0, colon));
            std::transform(field.begin(), field.end(), field.begin(), [](unsigned char c) { return std::tolower(c); });
            if (std::find(kFields.begin(), kFields.end(), field) != kFields.end()) {
                token.kind = TokenKind::Field;
                token.field = field == "title" ? "titre" : field;
                if (colon + 1 == word.size() && !closing_quote_at(pos_).empty()) {
                    token.text = read_quoted(pos_);
                    token.value_is_phrase = true;
                } else {
                    token.text = std::string(word.substr(colon + 1));
                }
                if (!token.text.empty() || token.value_is_phrase) return token;
                complaints_.raise(fmt::format("{}: needs a value right after the colon", field), token.column,
                                  fmt::format("{} with nothing after it read as a word", word));
            }
        }
        token.kind = TokenKind::Word;
        token.text = std::string(word);
        return token;
    }

    std::string_view text_;
    Complaints& complaints_;
    size_t pos_ = 0;
};

// Pairs the parentheses before parsing, which then recurses at most kMaxNesting deep: a ( never closed
// is closed at the end, a ) that closes nothing is dropped, and so are the parentheses nested deeper than
// kMaxNesting (their contents stay, grouped by the parentheses around them).
std::vector<Token> balance_parentheses(std::vector<Token> tokens, Complaints& complaints) {
    std::vector<Token> out;
    std::vector<std::pair<size_t, bool>> open;  // column of each ( still open, and whether it was kept
    for (Token& token : tokens) {
        if (token.kind == TokenKind::Open) {
            const bool keep = open.size() < kMaxNesting;
            if (!keep)
                complaints.raise(fmt::format("parentheses nested more than {} deep", kMaxNesting), token.column,
                                 fmt::format("parentheses nested more than {} deep dropped", kMaxNesting));
            open.emplace_back(token.column, keep);
            if (keep) out.push_back(std::move(token));
        } else if (token.kind == TokenKind::Close) {
            if (open.empty()) {
                complaints.raise("this parenthesis closes nothing", token.column, "a ) that closes nothing dropped");
                continue;
            }
            if (open.back().second) out.push_back(std::move(token));
            open.pop_back();
        } else if (token.kind == TokenKind::End) {
            for (auto it = open.rbegin(); it != open.rend(); ++it) {
                if (!it->second) continue;
                complaints.raise("this parenthesis is never closed", it->first,
                                 fmt::format("the ( at column {} closed at the end", it->first + 1));
                Token close;
                close.kind = TokenKind::Close;
                close.column = token.column;
                out.push_back(std::move(close));
            }
            out.push_back(std::move(token));
        } else {
            out.push_back(std::move(token));
        }
    }
    return out;
}

// Parts that are empty (stop words only, or dropped) leave the combination: "niger AND le" is niger.
Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& all_parts) {
    std::vector<Xapian::Query> parts;
    for (const Xapian::Query& part : all_parts)
        if (!part.empty()) parts.push_back(part);
    if (parts.empty()) return {};
    if (parts.size() == 1) return parts.front();
    return Xapian::Query(op, parts.begin(), parts.end());
}

class Parser {
public:
    Parser(std::vector<Token> tokens, FrenchAnalyzer& analyzer, ParsedQuery& result, Complaints& complaints)
        : tokens_(std::move(tokens)), analyzer_(analyzer), result_(result), complaints_(complaints) {}

    // Plain words: the whole text as one bag of words.
    Xapian::Query parse_plain(std::string_view text) { return text_query(std::string(text), "", /*phrase=*/false); }

    // The tokens' parentheses are balanced (balance_parentheses), so parse_or stops at the end only.
    Xapian::Query parse_all() { return parse_or(); }

private:
    const Token& peek() const { return tokens_[index_]; }
    const Token& take() { return tokens_[index_++]; }

    Xapian::Query parse_or() {
        std::vector<Xapian::Query> parts{parse_and()};
        while (peek().kind == TokenKind::Or) {
            const Token& op = take();
            parts.push_back(parse_operand(op, [&] { return parse_and(); }));
        }
        return combine(Xapian::Query::OP_OR, parts);
    }

    Xapian::Query parse_and() {
        std::vector<Xapian::Query> parts{parse_not()};
        while (peek().kind == TokenKind::And) {
            const Token& op = take();
            parts.push_back(parse_operand(op, [&] { return parse_not(); }));
        }
        return combine(Xapian::Query::OP_AND, parts);
    }

    Xapian::Query parse_not() {
        Xapian::Query query = parse_group();
        while (peek().kind == TokenKind::Not) {
            const Token& op = take();
            Xapian::Query excluded = parse_operand(op, [&] { return parse_group(); });
            if (excluded.empty()) continue;
            if (query.empty()) {
                complaints_.raise(fmt::format("{} needs something to keep on its left", op.text), op.column,
                                  fmt::format("{} with nothing to keep before it dropped", op.text));
                query = excluded;
                continue;
            }
            query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, excluded);
        }
        return query;
    }

    template <class ParseNext>
    Xapian::Query parse_operand(const Token& op, ParseNext&& parse_next) {
        const TokenKind next = peek().kind;
        if (next == TokenKind::End || next == TokenKind::Close || next == TokenKind::And || next == TokenKind::Or ||
            next == TokenKind::Not) {
            complaints_.raise("this operator needs a word, a phrase or a parenthesis after it", op.column,
                              fmt::format("{} with nothing after it dropped", op.text));
            return {};
        }
        return parse_next();
    }

    // Items side by side: plain ones are alternatives ranked by relevance, +items are required, -items excluded.
    Xapian::Query parse_group() {
        std::vector<Xapian::Query> plain, required, excluded, filters;
        std::string plain_words;
        size_t items = 0;
        size_t first_column = peek().column;
        while (true) {
            const TokenKind kind = peek().kind;
            if (items == 0 && (kind == TokenKind::And || kind == TokenKind::Or || kind == TokenKind::Not)) {
                const Token& op = take();
                complaints_.raise("an operator needs a word, a phrase or a parenthesis before it", op.column,
                                  fmt::format("{} with nothing before it dropped", op.text));
                first_column = peek().column;
                continue;
            }
            if (kind != TokenKind::Word && kind != TokenKind::Phrase && kind != TokenKind::Field &&
                kind != TokenKind::Open)
                break;
            const Token& token = take();
            ++items;
            if (token.kind == TokenKind::Word && !token.modifier && !token.text.ends_with("*")) {
                plain_words += token.text + " ";  // analysed together: a repeated word is one term
                continue;
            }
            bool is_filter = false;
            Xapian::Query item = parse_item(token, is_filter);
            if (item.empty()) continue;  // stop words only
            if (token.modifier == '-')
                excluded.push_back(item);
            else if (is_filter)
                filters.push_back(item);
            else if (token.modifier == '+')
                required.push_back(item);
            else
                plain.push_back(item);
        }
        if (items == 0) return {};  // at the end, or "()"
        if (Xapian::Query words = text_query(plain_words, "", /*phrase=*/false); !words.empty())
            plain.insert(plain.begin(), words);
        Xapian::Query query = combine(Xapian::Query::OP_AND, required);
        if (!plain.empty()) {
            const Xapian::Query alternatives = combine(Xapian::Query::OP_OR, plain);
            query = query.empty() ? alternatives : Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, alternatives);
        }
        if (!filters.empty()) {
            const Xapian::Query filter = combine(Xapian::Query::OP_AND, filters);
            query = query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0)
                                  : Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
        }
        if (!excluded.empty()) {
            if (query.empty()) {
                complaints_.raise("a query cannot only exclude: add a word to look for", first_column,
                                  "excluded words with nothing else to look for searched for instead");
                return combine(Xapian::Query::OP_OR, excluded);
            }
            query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, combine(Xapian::Query::OP_OR, excluded));
        }
        return query;
    }

    Xapian::Query parse_item(const Token& token, bool& is_filter) {
        switch (token.kind) {
            case TokenKind::Open: {
                Xapian::Query inner = parse_or();
                take();  // the ), there after balance_parentheses
                return inner;
            }
            case TokenKind::Phrase:
                return text_query(token.text, "", /*phrase=*/true);
            case TokenKind::Word:
                return word_query(token.text, token.column);
            case TokenKind::Field:
                return field_query(token, is_filter);
            default:
                throw QueryError("unexpected here", token.column);
        }
    }

    Xapian::Query word_query(const std::string& word, size_t column) {
        if (word.size() > 1 && word.back() == '*') {
            const std::string stem = word.substr(0, word.size() - 1);
            const std::string prefix = fold_words(stem);
            if (prefix.empty() || prefix.find(' ') != std::string::npos) {
                complaints_.raise("* goes at the end of one word: presiden*", column,
                                  fmt::format("{} searched without its *", word));
                return text_query(stem, "", /*phrase=*/false);
            }
            if (++wildcards_ > kMaxWildcards) {
                complaints_.raise(fmt::format("at most {} words with * in a query", kMaxWildcards), column,
                                  fmt::format("words with * after the {}th searched without their *", kMaxWildcards));
                return text_query(stem, "", /*phrase=*/false);
            }
            return Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, kMaxWildcardExpansion,
                                 Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        }
        return text_query(word, "", /*phrase=*/false);
    }

    // The terms of `text`: one word gives its term; a quoted phrase gives a phrase query, the positions of
    // stop words kept as gaps. Unquoted, hyphenated words are words side by side, as Lucene's classic
    // parser takes them: as a phrase they cost Xapian's matcher ten times the time of ranking the words
    // term at a time, for MRR@10 0.002 lower on the development queries written as they are.
    Xapian::Query text_query(const std::string& text, std::string_view prefix, bool phrase) {
        std::vector<Xapian::Query> terms;
        // A word said twice is one term with a query frequency of two (BM25 weighs it so), not two
        // posting lists to read.
        std::vector<std::string> order;
        std::map<std::string, Xapian::termcount> frequency;
        std::map<std::string, std::string> surface_forms;  // term -> the folded form typed if stemming changed it
        Xapian::termpos first = 0, last = 0, position = 0;
        analyzer_.analyze(text, [&](const AnalyzedWord& word) {
            ++position;
            if (word.term.empty()) {
                if (word.folded.size() > 1) stop_words_ = true;  // a single letter is no word: "C++"
                return;
            }
            words_seen_ = true;
            std::string term = std::string(prefix) + std::string(word.term);
            if (prefix.empty()) result_.terms.push_back(term);
            surface_forms.try_emplace(term, word.surface);  // a word said in two forms: the first
            if (!first) first = position;
            last = position;
            terms.emplace_back(term, 1, position);
            if (frequency[term]++ == 0) order.push_back(std::move(term));
        });
        if (terms.empty()) return {};
        if (phrase) {
            if (terms.size() == 1) return terms.front();
            return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), last - first + 1);
        }
        std::vector<Xapian::Query> parts;
        const double title_weight =
            schema::kTitleFieldWeight * std::clamp((double(order.size()) - double(schema::kShortQueryWords)) /
                                                       double(schema::kTitleFieldRamp), 0.0, 1.0);
        for (const std::string& term : order) {
            const auto surface = surface_forms.find(term);
            parts.push_back(field_expanded(term, frequency[term], prefix,
                                           surface == surface_forms.end() ? "" : surface->second, title_weight));
        }
        return combine(Xapian::Query::OP_OR, parts);
    }

    // A word looked for in the body, and in the title as a field of its own with `title_weight` (0: not):
    // title words already count in the body (schema::kTitleWdf); the title field adds a share for short,
    // focused titles. A word that stemming changed also looks for its folded form as typed (`surface`), so
    // that "expliquait" ranks expliquait above explication (schema::kSurfaceFormShare).
    Xapian::Query field_expanded(const std::string& term, Xapian::termcount wqf, std::string_view prefix,
                                 const std::string& surface, double title_weight) {
        if (!prefix.empty()) return Xapian::Query(term, wqf);
        const auto weighted = [&](std::string name, double factor) {
            words_.push_back({name, wqf, factor});
            const Xapian::Query leaf(name, wqf);
            return factor == 1.0 ? leaf : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, leaf, factor);
        };
        std::vector<Xapian::Query> fields;
        if (surface.empty()) {
            fields.push_back(weighted(term, 1.0));
        } else {
            fields.push_back(weighted(term, 1.0 - schema::kSurfaceFormShare));
            fields.push_back(weighted(std::string(schema::kSurfacePrefix) + surface, schema::kSurfaceFormShare));
        }
        if (title_weight > 0) fields.push_back(weighted(std::string(schema::kTitlePrefix) + term, title_weight));
        return Xapian::Query(Xapian::Query::OP_OR, fields.begin(), fields.end());
    }

    Xapian::Query field_query(const Token& token, bool& is_filter) {
        if (token.field == "titre") {
            return text_query(token.text, schema::kTitlePrefix, token.value_is_phrase);
        }
        is_filter = true;
        if (token.field == "source") {
            std::vector<Xapian::Query> words;
            for (const std::string& word : split_folded(token.text))
                words.emplace_back(std::string(schema::kSourcePrefix) + word);
            if (words.empty()) {
                complaints_.raise("source: needs a name, such as source:afp", token.column,
                                  fmt::format("source:{} with no name in it dropped", token.text));
                is_filter = false;
            }
            return combine(Xapian::Query::OP_AND, words);
        }
        // date:
        const size_t value_column = token.column + token.field.size() + 1 + (token.modifier ? 1 : 0);
        try {
            const auto [first, last] = parse_date_range(token.text);
            result_.has_date_filter = true;
            return date_range_query(first, last);
        } catch (const QueryError& error) {
            throw QueryError(error.what(), value_column + error.column);
        }
    }

    static std::vector<std::string> split_folded(const std::string& text) {
        std::vector<std::string> words;
        const std::string folded = fold_words(text);
        size_t start = 0;
        while (start < folded.size()) {
            size_t end = folded.find(' ', start);
            if (end == std::string::npos) end = folded.size();
            words.push_back(folded.substr(start, end - start));
            start = end + 1;
        }
        return words;
    }

    std::vector<Token> tokens_;
    size_t index_ = 0;
    FrenchAnalyzer& analyzer_;
    ParsedQuery& result_;
    Complaints& complaints_;
    size_t wildcards_ = 0;

public:
    bool stop_words_ = false;  // a stop word was seen, and
    bool words_seen_ = false;  // a searchable word
    // The weighted terms of plain words seen.
    std::vector<WeightedTerm> words_;
};

}  // namespace

Xapian::Query date_range_query(const std::optional<Date>& first, const std::optional<Date>& last) {
    if (first && last) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, first->key(), last->key());
    if (first) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, first->key());
    if (last) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, last->key());
    return Xapian::Query::MatchAll;
}

std::pair<std::optional<Date>, std::optional<Date>> parse_date_range(std::string_view text) {
    const size_t dots = text.find("..");
    const auto span_of = [](std::string_view part, size_t column) {
        const auto span = parse_date_span(part);
        if (!span)
            throw QueryError(fmt::format("'{}' is not a date: write 2024, 2024-04 or 2024-04-19", part), column);
        return *span;
    };
    if (dots == std::string_view::npos) {
        const DateSpan span = span_of(text, 0);
        return {span.first, span.last};
    }
    const std::string_view from = text.substr(0, dots);
    const std::string_view to = text.substr(dots + 2);
    if (from.empty() && to.empty()) throw QueryError("a date range needs at least one bound", 0);
    std::optional<Date> first, last;
    if (!from.empty()) first = span_of(from, 0).first;
    if (!to.empty()) last = span_of(to, dots + 2).last;
    if (first && last && *last < *first)
        throw QueryError(fmt::format("the range ends ({}) before it starts ({})", last->iso(), first->iso()), 0);
    return {first, last};
}

namespace {

bool is_plain_word(const Token& token) {
    return (token.kind == TokenKind::Word && !token.modifier && !token.text.ends_with("*")) ||
           token.kind == TokenKind::End;
}

// The words and phrases a query asks for, for finding the days it names: not fields (a date: range is a
// filter) nor excluded items.
std::string searched_text(const std::vector<Token>& tokens) {
    std::string text;
    for (const Token& token : tokens) {
        if ((token.kind == TokenKind::Word || token.kind == TokenKind::Phrase) && token.modifier != '-') {
            text += token.text;
            text += ' ';
        }
    }
    return text;
}

}  // namespace

ParsedQuery QueryParser::parse(std::string_view text, Strictness strictness) {
    ParsedQuery result;
    Complaints complaints(strictness, result.notes);
    std::vector<Token> tokens = balance_parentheses(Lexer(text, complaints).tokens(), complaints);
    result.date_mentions = find_date_mentions(searched_text(tokens));
    const bool plain = std::all_of(tokens.begin(), tokens.end(), is_plain_word);
    Parser parser(std::move(tokens), analyzer_, result, complaints);
    result.query = parser.parse_all();
    if (plain && !result.query.empty()) result.words_only = std::move(parser.words_);
    result.only_stop_words = parser.stop_words_ && !parser.words_seen_;
    return result;
}

ParsedQuery QueryParser::parse_plain(std::string_view text) {
    ParsedQuery result;
    Complaints complaints(Strictness::Strict, result.notes);  // plain words have nothing to complain about
    Parser parser({}, analyzer_, result, complaints);
    result.query = parser.parse_plain(text);
    if (!result.query.empty()) result.words_only = std::move(parser.words_);
    result.only_stop_words = parser.stop_words_ && !parser.words_seen_;
    result.date_mentions = find_date_mentions(text);
    return result;
}

namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::pair<std::string, std::string> point_at(std::string_view query, size_t column, size_t width) {
    column = std::min(column, query.size());
    while (column > 0 && column < query.size() && is_continuation_byte(query[column])) --column;
    // Up to half the width before the column, the rest after it, in characters.
    size_t begin = column, before = 0;
    while (begin > 0 && before < width / 2) {
        --begin;
        if (!is_continuation_byte(query[begin])) ++before;
    }
    size_t end = column, after = 0;
    while (end < query.size() && before + after < width) {
        ++end;
        if (end == query.size() || !is_continuation_byte(query[end])) ++after;
    }
    std::string line = begin > 0 ? "..." : "";
    const size_t caret = line.size() + before;
    for (char c : query.substr(begin, end - begin)) line += is_space(c) ? ' ' : c;
    if (end < query.size()) line += "...";
    return {line, std::string(caret, ' ') + "^"};
}

}  // namespace fns

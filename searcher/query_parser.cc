#include "query_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

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

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

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
        const size_t end = text_.find(close, pos_);
        if (end == std::string_view::npos) throw QueryError("this quote is never closed", start);
        std::string phrase(text_.substr(pos_, end - pos_));
        pos_ = end + close.size();
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
            if (token.modifier) throw QueryError("+ and - go before a word, a phrase or a parenthesis", token.column);
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
                if (token.text.empty())
                    throw QueryError(fmt::format("{}: needs a value right after the colon", field), token.column);
                return token;
            }
        }
        token.kind = TokenKind::Word;
        token.text = std::string(word);
        return token;
    }

    std::string_view text_;
    size_t pos_ = 0;
};

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
    if (parts.empty()) return {};
    if (parts.size() == 1) return parts.front();
    return Xapian::Query(op, parts.begin(), parts.end());
}

class Parser {
public:
    Parser(std::vector<Token> tokens, FrenchAnalyzer& analyzer, ParsedQuery& result)
        : tokens_(std::move(tokens)), analyzer_(analyzer), result_(result) {}

    // Plain words: the whole text as one bag of words; hyphenated words are words side by side, as
    // Lucene's classic parser takes them, so that the bag can be ranked term at a time.
    Xapian::Query parse_plain(std::string_view text) {
        join_hyphenated_ = false;
        return text_query(std::string(text), "", /*phrase=*/false);
    }

    Xapian::Query parse_all() {
        Xapian::Query query = parse_or();
        if (peek().kind == TokenKind::Close) throw QueryError("this parenthesis closes nothing", peek().column);
        if (peek().kind != TokenKind::End) throw QueryError("unexpected here", peek().column);
        return query;
    }

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
            if (query.empty()) throw QueryError("NOT needs something to keep on its left", op.column);
            query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, excluded);
        }
        return query;
    }

    template <class ParseNext>
    Xapian::Query parse_operand(const Token& op, ParseNext&& parse_next) {
        const TokenKind next = peek().kind;
        if (next == TokenKind::End || next == TokenKind::Close || next == TokenKind::And || next == TokenKind::Or ||
            next == TokenKind::Not)
            throw QueryError("this operator needs a word, a phrase or a parenthesis after it", op.column);
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
        if (items == 0) {
            const Token& token = peek();
            if (token.kind == TokenKind::Close) throw QueryError("this parenthesis closes nothing", token.column);
            if (token.kind == TokenKind::End) return {};
            throw QueryError("an operator needs a word, a phrase or a parenthesis before it", token.column);
        }
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
            if (query.empty())
                throw QueryError("a query cannot only exclude: add a word to look for", first_column);
            query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, combine(Xapian::Query::OP_OR, excluded));
        }
        return query;
    }

    Xapian::Query parse_item(const Token& token, bool& is_filter) {
        switch (token.kind) {
            case TokenKind::Open: {
                Xapian::Query inner = parse_or();
                if (peek().kind != TokenKind::Close) throw QueryError("this parenthesis is never closed", token.column);
                take();
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
            const std::string prefix = fold_words(word.substr(0, word.size() - 1));
            if (prefix.empty() || prefix.find(' ') != std::string::npos)
                throw QueryError("* goes at the end of one word: presiden*", column);
            return Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, 200, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        }
        return text_query(word, "", /*phrase=*/false);
    }

    // The terms of `text`: one word gives its term; words joined by hyphens, or a quoted phrase, give a
    // phrase query; the positions of stop words are kept as gaps.
    Xapian::Query text_query(const std::string& text, std::string_view prefix, bool phrase) {
        std::vector<Xapian::Query> terms;
        std::vector<std::vector<std::string>> runs;  // runs of hyphen-joined words, for unquoted text
        std::map<std::string, std::string> surface_forms;  // term -> the folded form typed if stemming changed it
        Xapian::termpos first = 0, last = 0, position = 0;
        analyzer_.analyze(text, [&](const AnalyzedWord& word) {
            ++position;
            if (word.term.empty()) return;
            std::string term = std::string(prefix) + std::string(word.term);
            if (prefix.empty()) result_.terms.push_back(term);
            surface_forms.try_emplace(term, word.surface);  // a word said in two forms: the first
            if (!first) first = position;
            last = position;
            terms.emplace_back(term, 1, position);
            if (runs.empty() || !word.after_hyphen || !join_hyphenated_) runs.emplace_back();
            runs.back().push_back(std::move(term));
        });
        if (terms.empty()) return {};
        if (phrase) {
            if (terms.size() == 1) return terms.front();
            return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), last - first + 1);
        }
        // A word said twice is one term with a query frequency of two (BM25 weighs it so), not two
        // posting lists to read.
        std::vector<std::string> order;
        std::map<std::string, Xapian::termcount> frequency;
        std::vector<Xapian::Query> parts;
        std::set<std::vector<std::string>> phrases;
        for (const auto& run : runs) {
            if (run.size() == 1) {
                if (frequency[run.front()]++ == 0) order.push_back(run.front());
            } else if (phrases.insert(run).second) {
                has_phrase_ = true;
                std::vector<Xapian::Query> words(run.begin(), run.end());
                parts.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(), words.size());
            }
        }
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
            if (words.empty()) throw QueryError("source: needs a name, such as source:afp", token.column);
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

public:
    // The weighted terms of plain words seen, and whether any hyphenated word made a phrase.
    std::vector<WeightedTerm> words_;
    bool has_phrase_ = false;
    bool join_hyphenated_ = true;  // hyphenated words make a phrase
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

ParsedQuery QueryParser::parse(std::string_view text) {
    ParsedQuery result;
    std::vector<Token> tokens = Lexer(text).tokens();
    result.date_mentions = find_date_mentions(searched_text(tokens));
    const bool plain = std::all_of(tokens.begin(), tokens.end(), is_plain_word);
    Parser parser(std::move(tokens), analyzer_, result);
    result.query = parser.parse_all();
    if (plain && !parser.has_phrase_ && !result.query.empty()) result.words_only = std::move(parser.words_);
    return result;
}

ParsedQuery QueryParser::parse_plain(std::string_view text) {
    ParsedQuery result;
    Parser parser({}, analyzer_, result);
    result.query = parser.parse_plain(text);
    if (!parser.has_phrase_ && !result.query.empty()) result.words_only = std::move(parser.words_);
    result.date_mentions = find_date_mentions(text);
    return result;
}

}  // namespace fns

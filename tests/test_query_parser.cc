// The query language: each row is a query and the exact Xapian query it becomes, errors included.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "query_parser.h"
#include "schema.h"

namespace {

std::string describe(const char* text) {
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    return parser.parse(text).query.get_description();
}

struct Row {
    const char* query;
    const char* expected;
};

}  // namespace

TEST_CASE("words, phrases, operators and fields become the expected Xapian queries") {
    // Snowball French would stem niger to niger and mali to mal: stems that short keep the word. A word that
    // stemming changed looks for its form as typed too (W). Short queries look in the body only (the title
    // field is for long ones: next test).
    const std::vector<Row> rows = {
        {"accord", "Query(accord)"},
        {"l'accord", "Query(accord)"},
        {"Accords", "Query((0.5 * accord OR 0.5 * Waccords))"},
        {"etats unis", "Query(((0.5 * etat OR 0.5 * Wetats) OR unis))"},
        {"États-Unis", "Query(((0.5 * etat OR 0.5 * Wetats) OR unis))"},  // words side by side
        {"ETATS-UNIS", "Query(((0.5 * etat OR 0.5 * Wetats) OR unis))"},
        {"soldat americain", "Query((soldat OR americain))"},
        {"\"accord de paix\"", "Query((accord@1 PHRASE 3 paix@3))"},
        {"«accord de paix»", "Query((accord@1 PHRASE 3 paix@3))"},
        {"niger AND mali", "Query((niger AND mali))"},
        {"niger ET mali", "Query((niger AND mali))"},
        {"niger OU mali", "Query((niger OR mali))"},
        {"niger SAUF mali", "Query((niger AND_NOT mali))"},
        {"niger NOT mali", "Query((niger AND_NOT mali))"},
        {"+niger -mali drone", "Query(((niger AND_MAYBE (0.5 * dron OR 0.5 * Wdrone)) AND_NOT mali))"},
        {"(niger OR mali) drone", "Query(((0.5 * dron OR 0.5 * Wdrone) OR (niger OR mali)))"},
        {"péché", "Query((0.5 * pech OR 0.5 * Wpeche))"},
        {"soldat soldats Soldat", "Query(soldat#3)"},  // one term, said three times
        {"titre:niger", "Query(Sniger)"},
        {"title:\"coup d'État\"", "Query((Scoup@1 PHRASE 2 Setat@2))"},
        {"source:AFP niger", "Query((niger FILTER XSafp))"},
        {"presiden*", "Query(WILDCARD SYNONYM presiden)"},
        {"le la les", "Query()"},
        {"date:2024", "Query(VALUE_RANGE 0 20240101 20241231)"},
        {"niger date:2024-04", "Query((niger FILTER VALUE_RANGE 0 20240401 20240430))"},
        {"niger date:2024-04-01..2024-04-30", "Query((niger FILTER VALUE_RANGE 0 20240401 20240430))"},
        {"niger date:2024-04..2024-06", "Query((niger FILTER VALUE_RANGE 0 20240401 20240630))"},
        {"niger date:..2023-12-31", "Query((niger FILTER VALUE_LE 0 20231231))"},
        {"niger date:2024-01-01..", "Query((niger FILTER VALUE_GE 0 20240101))"},
        {"niger date:19/04/2024", "Query((niger FILTER VALUE_RANGE 0 20240419 20240419))"},
    };
    for (const Row& row : rows) {
        INFO("query: ", row.query);
        CHECK(describe(row.query) == row.expected);
    }
}

TEST_CASE("the title field weighs in from nine distinct words, fully from 24") {
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    // The share of the title field (S terms) of a words-only query, or 0 when it has none.
    const auto title_share = [&](const std::string& text) {
        const fns::ParsedQuery parsed = parser.parse_plain(text);
        REQUIRE(parsed.words_only.has_value());
        double share = 0;
        for (const fns::WeightedTerm& term : *parsed.words_only)
            if (term.term.starts_with("S")) share = term.factor;
        return share;
    };
    const std::vector<std::string> words = {"grève", "contrôleurs", "train", "syndicat", "direction", "salaire",
                                            "négociation", "ministre", "transport", "voyageurs", "région", "gare",
                                            "retard", "billet", "remboursement", "semaine", "vacances", "trafic",
                                            "ligne", "banlieue", "aéroport", "préavis", "assemblée", "accord"};
    const auto first = [&](size_t n) {
        std::string text;
        for (size_t i = 0; i < n; ++i) text += words[i] + " ";
        return text;
    };
    CHECK(title_share(first(1)) == 0);
    CHECK(title_share(first(8)) == 0);
    CHECK(title_share(first(8) + first(8)) == 0);  // distinct words are counted
    CHECK(title_share(first(12)) == doctest::Approx(fns::schema::kTitleFieldWeight * 4 / 16));
    CHECK(title_share(first(16)) == doctest::Approx(fns::schema::kTitleFieldWeight * 8 / 16));
    CHECK(title_share(first(24)) == doctest::Approx(fns::schema::kTitleFieldWeight));
}

TEST_CASE("malformed queries, parsed strictly, give a message and the column of the problem") {
    struct ErrorRow {
        const char* query;
        size_t column;
        const char* message_part;
    };
    const std::vector<ErrorRow> rows = {
        {"\"accord de paix", 0, "never closed"},
        {"jeudi \"accord de paix", 6, "never closed"},  // a day named does not hide the error
        {"niger (mali", 6, "never closed"},
        {"niger)", 5, "closes nothing"},
        {"niger AND", 6, "needs a word"},
        {"AND niger", 0, "before it"},
        {"-mali", 0, "only exclude"},
        {"niger date:2024-13", 11, "not a date"},
        {"niger date:2025..2024", 11, "ends"},
        {"titre:", 0, "needs a value"},
        {"NOT niger", 0, "before it"},
        {"niger AND OR mali", 6, "needs a word"},
        {"+) niger", 0, "go before"},
        {"source:! niger", 0, "needs a name"},
    };
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    for (const ErrorRow& row : rows) {
        INFO("query: ", row.query);
        try {
            parser.parse(row.query, fns::Strictness::Strict);
            FAIL("no error");
        } catch (const fns::QueryError& error) {
            CHECK(error.column == row.column);
            CHECK(std::string(error.what()).find(row.message_part) != std::string::npos);
        }
    }
}

TEST_CASE("the terms asked for are kept for highlighting") {
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    const fns::ParsedQuery parsed = parser.parse("États-Unis \"soldats américains\" titre:niger date:2024");
    // Plain words are analysed together after the group's other items.
    CHECK(parsed.terms == std::vector<std::string>{"soldat", "americain", "etat", "unis"});
    CHECK(parsed.has_date_filter);
}

namespace {

struct Lenient {
    std::string query;
    std::string read_as;  // the query it searches as, parsed strictly
    const char* note_part;
};

}  // namespace

TEST_CASE("forgiving parsing searches malformed queries as a person meant them, and notes how") {
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    const std::vector<Lenient> rows = {
        {"\"accord de paix", "\"accord de paix\"", "quote at column 1 closed at the end"},
        {"jeudi \"accord de paix", "jeudi \"accord de paix\"", "quote at column 7"},
        {"« accord", "\"accord\"", "closed at the end"},
        {"«", "", "closed at the end"},
        {"niger (mali", "niger (mali)", "( at column 7 closed at the end"},
        {"niger)", "niger", ") that closes nothing dropped"},
        {"niger AND", "niger", "AND with nothing after it dropped"},
        {"Brexit : Theresa May ET", "Brexit : Theresa May", "ET with nothing after it dropped"},
        {"AND niger", "niger", "AND with nothing before it dropped"},
        {"NOT niger", "niger", "NOT with nothing before it dropped"},
        {"niger AND OR mali", "niger OR mali", "AND with nothing after it dropped"},
        {"le NOT mali", "mali", "NOT with nothing to keep before it dropped"},
        {"-mali", "mali", "searched for instead"},
        {"-mali -niger", "mali niger", "searched for instead"},
        {"titre:", "titre", "titre: with nothing after it read as a word"},
        {"+) niger", "niger", "the + before ) dropped"},
        {"source:! niger", "niger", "dropped"},
        {"drone-russe*", "drone-russe", "searched without its *"},
    };
    for (const Lenient& row : rows) {
        INFO("query: ", row.query);
        const fns::ParsedQuery lenient = parser.parse(row.query);
        CHECK(lenient.query.get_description() == parser.parse(row.read_as, fns::Strictness::Strict).query.get_description());
        REQUIRE_FALSE(lenient.notes.empty());
        CHECK(lenient.notes[0].find(row.note_part) != std::string::npos);
    }
    // Well-formed queries carry no note.
    for (const char* query : {"niger AND mali", "+niger -mali drone", "(niger OR mali) drone", "presiden*", "()"})
        CHECK(parser.parse(query).notes.empty());
    // A date: that is no date stays an error: searching without it would return other dates.
    CHECK_THROWS_AS(parser.parse("niger date:2024-13"), fns::QueryError);
    CHECK_THROWS_AS(parser.parse("niger date:2025..2024"), fns::QueryError);
}

TEST_CASE("parentheses nested 10,000 deep: rejected when strict, read without the excess when forgiving") {
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    const std::string deep = std::string(10000, '(') + "niger" + std::string(10000, ')');
    const fns::ParsedQuery lenient = parser.parse(deep);
    CHECK(lenient.query.get_description() == "Query(niger)");
    REQUIRE(lenient.notes.size() == 1);
    CHECK(lenient.notes[0].find("nested") != std::string::npos);
    try {
        parser.parse(deep, fns::Strictness::Strict);
        FAIL("no error");
    } catch (const fns::QueryError& error) {
        CHECK(error.column == fns::kMaxNesting);
        CHECK(std::string(error.what()).find("nested more than") != std::string::npos);
    }
    // Unclosed, and closing nothing, at depth.
    CHECK_FALSE(parser.parse(std::string(10000, '(') + "niger OR mali").query.empty());
    CHECK_FALSE(parser.parse("niger" + std::string(10000, ')')).query.empty());
    CHECK_FALSE(parser.parse(std::string(5000, '(') + "a OR (b" + std::string(3000, ')')).notes.empty());
    // At the bound, nothing is dropped.
    const std::string at_bound = std::string(fns::kMaxNesting, '(') + "niger" + std::string(fns::kMaxNesting, ')');
    CHECK(parser.parse(at_bound, fns::Strictness::Strict).query.get_description() == "Query(niger)");
}

TEST_CASE("words with * are capped: at most a few a query, each expanded to a bounded number of words") {
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    std::string many;
    for (int i = 0; i < 3000; ++i) many += "a* ";
    const fns::ParsedQuery lenient = parser.parse(many);
    const std::string description = lenient.query.get_description();
    size_t wildcards = 0;
    for (size_t at = description.find("WILDCARD"); at != std::string::npos; at = description.find("WILDCARD", at + 1))
        ++wildcards;
    CHECK(wildcards == fns::kMaxWildcards);
    REQUIRE(lenient.notes.size() == 1);
    CHECK(lenient.notes[0].find("without their *") != std::string::npos);
    CHECK_THROWS_WITH_AS(parser.parse(many, fns::Strictness::Strict), doctest::Contains("at most"), fns::QueryError);
    CHECK(parser.parse("drone* presiden* accord*", fns::Strictness::Strict).notes.empty());
}

TEST_CASE("stop words only, and no word at all, are told apart") {
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    for (const char* query : {"le la les", "de et"}) {
        INFO("query: ", query);
        const fns::ParsedQuery parsed = parser.parse(query);
        CHECK(parsed.query.empty());
        CHECK(parsed.only_stop_words);
    }
    for (const char* query : {"😀", "!!!", "C++", "*", ""}) {
        INFO("query: ", query);
        const fns::ParsedQuery parsed = parser.parse(query);
        CHECK(parsed.query.empty());
        CHECK_FALSE(parsed.only_stop_words);
    }
    CHECK_FALSE(parser.parse("le niger").only_stop_words);
}

TEST_CASE("point_at cuts a long query around the problem, the caret under its character") {
    const auto [short_line, short_caret] = fns::point_at("accord \"de paix", 7);
    CHECK(short_line == "accord \"de paix");
    CHECK(short_caret == "       ^");
    // Characters, not bytes: the caret after "é" is one column on.
    const auto [accented, accented_caret] = fns::point_at("été (x", 6);  // é is two bytes
    CHECK(accented == "été (x");
    CHECK(accented_caret == "    ^");
    // Line breaks and tabs shown as spaces.
    CHECK(fns::point_at("a\tb\nc", 4).first == "a b c");
    std::string pasted;
    while (pasted.size() < 133000) pasted += "Le gouvernement a présenté son accord. ";
    const size_t quote = pasted.size();
    pasted += "\"" + std::string(1000, 'x');
    const auto [line, caret] = fns::point_at(pasted, quote);
    CHECK(line.size() < 200);
    CHECK(line.starts_with("..."));
    CHECK(line.ends_with("..."));
    // The caret's column, counted in characters, is the quote's.
    size_t byte = 0;
    for (size_t characters = 0; byte < line.size(); ++byte) {
        if ((static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) continue;
        if (characters++ == caret.size() - 1) break;
    }
    CHECK(line.substr(byte, 1) == "\"");
    CHECK(fns::point_at("", 5).second == "^");
}

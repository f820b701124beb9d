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
        {"États-Unis", "Query((etat PHRASE 2 unis))"},
        {"ETATS-UNIS", "Query((etat PHRASE 2 unis))"},
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

TEST_CASE("malformed queries give a message and the column of the problem") {
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
    };
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    for (const ErrorRow& row : rows) {
        INFO("query: ", row.query);
        try {
            parser.parse(row.query);
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

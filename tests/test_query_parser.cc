// The query language: each row is a query and the exact Xapian query it becomes, errors included.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "query_parser.h"

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
    // Snowball French stems proper nouns too: niger -> nig, mali -> mal. Each word is parsed on its own,
    // so positions matter only inside phrases.
    const std::vector<Row> rows = {
        {"accord", "Query(accord@1)"},
        {"l'accord", "Query(accord@1)"},
        {"Accords", "Query(accord@1)"},
        {"etats unis", "Query((etat@1 OR unis@1))"},
        {"États-Unis", "Query((etat@1 PHRASE 2 unis@2))"},
        {"ETATS-UNIS", "Query((etat@1 PHRASE 2 unis@2))"},
        {"soldat americain", "Query((soldat@1 OR americain@1))"},
        {"\"accord de paix\"", "Query((accord@1 PHRASE 3 paix@3))"},
        {"«accord de paix»", "Query((accord@1 PHRASE 3 paix@3))"},
        {"niger AND mali", "Query((nig@1 AND mal@1))"},
        {"niger ET mali", "Query((nig@1 AND mal@1))"},
        {"niger OU mali", "Query((nig@1 OR mal@1))"},
        {"niger SAUF mali", "Query((nig@1 AND_NOT mal@1))"},
        {"niger NOT mali", "Query((nig@1 AND_NOT mal@1))"},
        {"+niger -mali drone", "Query(((nig@1 AND_MAYBE dron@1) AND_NOT mal@1))"},
        {"(niger OR mali) drone", "Query(((nig@1 OR mal@1) OR dron@1))"},
        {"titre:niger", "Query(Snig@1)"},
        {"title:\"coup d'État\"", "Query((Scoup@1 PHRASE 2 Setat@2))"},
        {"source:AFP niger", "Query((nig@1 FILTER XSafp))"},
        {"presiden*", "Query(WILDCARD SYNONYM presiden)"},
        {"le la les", "Query()"},
        {"date:2024", "Query(VALUE_RANGE 0 20240101 20241231)"},
        {"niger date:2024-04", "Query((nig@1 FILTER VALUE_RANGE 0 20240401 20240430))"},
        {"niger date:2024-04-01..2024-04-30", "Query((nig@1 FILTER VALUE_RANGE 0 20240401 20240430))"},
        {"niger date:2024-04..2024-06", "Query((nig@1 FILTER VALUE_RANGE 0 20240401 20240630))"},
        {"niger date:..2023-12-31", "Query((nig@1 FILTER VALUE_LE 0 20231231))"},
        {"niger date:2024-01-01..", "Query((nig@1 FILTER VALUE_GE 0 20240101))"},
        {"niger date:19/04/2024", "Query((nig@1 FILTER VALUE_RANGE 0 20240419 20240419))"},
    };
    for (const Row& row : rows) {
        INFO("query: ", row.query);
        CHECK(describe(row.query) == row.expected);
    }
}

TEST_CASE("malformed queries give a message and the column of the problem") {
    struct ErrorRow {
        const char* query;
        size_t column;
        const char* message_part;
    };
    const std::vector<ErrorRow> rows = {
        {"\"accord de paix", 0, "never closed"},
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
    CHECK(parsed.terms == std::vector<std::string>{"etat", "unis", "soldat", "americain"});
    CHECK(parsed.has_date_filter);
}

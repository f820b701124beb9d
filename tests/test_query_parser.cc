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
    // Snowball French stems proper nouns too: niger -> nig, mali -> mal. A word is looked for in the body
    // and, with a quarter of the weight, in the title field (S).
    const std::vector<Row> rows = {
        {"accord", "Query((accord OR 0.25 * Saccord))"},
        {"l'accord", "Query((accord OR 0.25 * Saccord))"},
        {"Accords", "Query((accord OR 0.25 * Saccord))"},
        {"etats unis", "Query(((etat OR 0.25 * Setat) OR (unis OR 0.25 * Sunis)))"},
        {"États-Unis", "Query((etat PHRASE 2 unis))"},
        {"ETATS-UNIS", "Query((etat PHRASE 2 unis))"},
        {"soldat americain", "Query(((soldat OR 0.25 * Ssoldat) OR (americain OR 0.25 * Samericain)))"},
        {"\"accord de paix\"", "Query((accord@1 PHRASE 3 paix@3))"},
        {"«accord de paix»", "Query((accord@1 PHRASE 3 paix@3))"},
        {"niger AND mali", "Query(((nig OR 0.25 * Snig) AND (mal OR 0.25 * Smal)))"},
        {"niger ET mali", "Query(((nig OR 0.25 * Snig) AND (mal OR 0.25 * Smal)))"},
        {"niger OU mali", "Query(((nig OR 0.25 * Snig) OR (mal OR 0.25 * Smal)))"},
        {"niger SAUF mali", "Query(((nig OR 0.25 * Snig) AND_NOT (mal OR 0.25 * Smal)))"},
        {"niger NOT mali", "Query(((nig OR 0.25 * Snig) AND_NOT (mal OR 0.25 * Smal)))"},
        {"+niger -mali drone", "Query((((nig OR 0.25 * Snig) AND_MAYBE (dron OR 0.25 * Sdron)) AND_NOT (mal OR 0.25 * Smal)))"},
        {"(niger OR mali) drone", "Query(((dron OR 0.25 * Sdron) OR ((nig OR 0.25 * Snig) OR (mal OR 0.25 * Smal))))"},
        {"péché", "Query((pech OR 0.25 * Spech OR 0.25 * Epéché))"},  // typed with accents: exact form too
        {"soldat soldats Soldat", "Query((soldat#3 OR 0.25 * Ssoldat#3))"},  // one term, said three times
        {"titre:niger", "Query(Snig)"},
        {"title:\"coup d'État\"", "Query((Scoup@1 PHRASE 2 Setat@2))"},
        {"source:AFP niger", "Query(((nig OR 0.25 * Snig) FILTER XSafp))"},
        {"presiden*", "Query(WILDCARD SYNONYM presiden)"},
        {"le la les", "Query()"},
        {"date:2024", "Query(VALUE_RANGE 0 20240101 20241231)"},
        {"niger date:2024-04", "Query(((nig OR 0.25 * Snig) FILTER VALUE_RANGE 0 20240401 20240430))"},
        {"niger date:2024-04-01..2024-04-30", "Query(((nig OR 0.25 * Snig) FILTER VALUE_RANGE 0 20240401 20240430))"},
        {"niger date:2024-04..2024-06", "Query(((nig OR 0.25 * Snig) FILTER VALUE_RANGE 0 20240401 20240630))"},
        {"niger date:..2023-12-31", "Query(((nig OR 0.25 * Snig) FILTER VALUE_LE 0 20231231))"},
        {"niger date:2024-01-01..", "Query(((nig OR 0.25 * Snig) FILTER VALUE_GE 0 20240101))"},
        {"niger date:19/04/2024", "Query(((nig OR 0.25 * Snig) FILTER VALUE_RANGE 0 20240419 20240419))"},
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
    // Plain words are analysed together after the group's other items.
    CHECK(parsed.terms == std::vector<std::string>{"soldat", "americain", "etat", "unis"});
    CHECK(parsed.has_date_filter);
}

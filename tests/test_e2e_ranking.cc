// Ranking on small indexes built for the purpose: the word as typed counts beside its stem.
#include <doctest/doctest.h>

#include "e2e_util.h"

using namespace fns::test;

TEST_CASE("an article with the word as typed outranks one that only shares its stem") {
    TempDir dir;
    // Snowball gives expliqu for both "expliquait" and "explication": only the surface form tells them apart.
    dir.write("in/articles.jsonl",
              "{\"id\": \"stem\", \"title\": \"Le ministre\", \"body\": \"Une explication du ministre sur le budget.\"}\n"
              "{\"id\": \"word\", \"title\": \"Le ministre\", \"body\": \"Le ministre expliquait le budget.\"}\n");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    CHECK(search_ids(dir / "db", {"--all-copies", "expliquait budget"}) == std::vector<std::string>{"word", "stem"});
    CHECK(search_ids(dir / "db", {"--all-copies", "explication budget"}) == std::vector<std::string>{"stem", "word"});
}

TEST_CASE("a stem too short to mean one word no longer matches its neighbours") {
    TempDir dir;
    // Snowball stems both "tuera" and "tu" to tu; the guarded stem keeps tuera apart.
    dir.write("in/articles.jsonl",
              "{\"id\": \"tuera\", \"title\": \"Menace\", \"body\": \"Il tuera encore, dit la police.\"}\n"
              "{\"id\": \"tu\", \"title\": \"Silence\", \"body\": \"Le secret est tu depuis des années.\"}\n");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    CHECK(search_ids(dir / "db", {"--all-copies", "tuera"}) == std::vector<std::string>{"tuera"});
}

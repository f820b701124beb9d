// The indexer binary on real files: formats, ids, re-runs, bad input, exit codes.
#include <doctest/doctest.h>

#include <filesystem>

#include "e2e_util.h"

using namespace fns::test;
namespace fs = std::filesystem;

TEST_CASE("indexing the seed article makes it findable by every spelling of its subject") {
    TempDir dir;
    fs::copy_file(kSeedFile, dir / "pages/seed.txt", fs::copy_options::none) || true;
    const RunResult indexed = run_indexer({"--db", dir / "db", dir / "pages"});
    REQUIRE_MESSAGE(indexed.exit_code == 0, indexed.err);
    for (const char* query : {"accord", "etats unis", "États-Unis", "ETATS-UNIS", "l'accord", "russes", "drone",
                              "Tiani", "soldat americain"}) {
        INFO("query: ", query);
        CHECK(search_ids(dir / "db", {query}) == std::vector<std::string>{"seed.txt"});
    }
    // The "Recent Posts" teasers are not part of the article.
    CHECK(search_ids(dir / "db", {"Nintendo Switch"}).empty());
}

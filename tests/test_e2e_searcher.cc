// The searcher binary on a real index of the project's corpus: query syntax, dates, formats, errors.
#include <doctest/doctest.h>

#include "e2e_util.h"

using namespace fns::test;

TEST_CASE("a missing database gives a clear message and exit code 3") {
    TempDir dir;
    const RunResult result = run_searcher({"--db", dir / "absent", "accord"});
    CHECK(result.exit_code == 3);
    CHECK(result.err.find("cannot open the database") != std::string::npos);
}

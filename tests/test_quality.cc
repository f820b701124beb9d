// Quality figures against qrels, counted as ../shared/eval/known_item.py counts them; the prompt's commands.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "prompt.h"
#include "quality.h"

namespace {

fns::Qrels qrels_of(const std::string& text) {
    std::istringstream in(text);
    return fns::read_qrels(in, "test.qrels");
}

}  // namespace

TEST_CASE("qrels: four columns a line, blank lines skipped - anything else names the line") {
    const fns::Qrels qrels = qrels_of("q1 0 d1 1\n\nq1 0 d2 0\nq2 Q0 d3 2\n");
    CHECK(qrels.at("q1").at("d1") == 1);
    CHECK(qrels.at("q1").at("d2") == 0);
    CHECK(qrels.at("q2").at("d3") == 2);
    CHECK_THROWS_WITH(qrels_of("q1 0 d1 1\nq2 0 d2\n"), doctest::Contains("test.qrels:2"));
    CHECK_THROWS_WITH(qrels_of("q1 0 d1 yes\n"), doctest::Contains("test.qrels:1"));
    CHECK_THROWS(qrels_of("q1 0 d1 1 extra\n"));
}

TEST_CASE("MRR@10, nDCG@10, success@1/@10, recall@100 and queries with no relevant hit") {
    const fns::Qrels qrels = qrels_of(
        "q1 0 d1 1\n"             // found second
        "q2 0 d2 1\nq2 0 d3 1\n"  // two relevant: first and third
        "q3 0 d9 1\n"             // nothing found
        "q4 0 d4 1\n"             // found at rank 11: recall only
        "q5 0 d5 0\n");           // judged, nothing relevant: left out like an unjudged query
    fns::QualityMeter meter(qrels);
    meter.add("q1", {"x", "d1"});
    meter.add("q2", {"d2", "x", "d3"});
    meter.add("q3", {});
    meter.add("q4", {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "d4"});
    meter.add("q5", {"d5"});
    meter.add("unknown", {"d1"});
    const fns::QualityFigures f = meter.figures();
    CHECK(f.queries == 4);
    CHECK(f.unjudged == 2);
    CHECK(f.mrr_at_10 == doctest::Approx((0.5 + 1.0) / 4));
    CHECK(f.success_at_1 == doctest::Approx(1.0 / 4));
    CHECK(f.success_at_10 == doctest::Approx(2.0 / 4));
    CHECK(f.recall_at_100 == doctest::Approx(3.0 / 4));
    CHECK(f.no_relevant_hit == 1);
    const double q1 = 1 / std::log2(3.0);
    const double q2 = (1 + 1 / std::log2(4.0)) / (1 + 1 / std::log2(3.0));
    CHECK(f.ndcg_at_10 == doctest::Approx((q1 + q2) / 4));
}

TEST_CASE("nDCG@10 uses the relevance grades, ideal order from the qrels") {
    fns::QualityMeter meter(qrels_of("q 0 a 1\nq 0 b 3\n"));
    meter.add("q", {"a", "b"});
    const double dcg = 1 + 3 / std::log2(3.0), ideal = 3 + 1 / std::log2(3.0);
    CHECK(meter.figures().ndcg_at_10 == doctest::Approx(dcg / ideal));
    CHECK(meter.figures().mrr_at_10 == doctest::Approx(1.0));
}

TEST_CASE("a relevant document past the depth of 100 does not count") {
    fns::QualityMeter meter(qrels_of("q 0 target 1\n"));
    std::vector<std::string> ranked(100, "other");
    ranked.push_back("target");
    meter.add("q", ranked);
    CHECK(meter.figures().recall_at_100 == 0);
    CHECK(meter.figures().no_relevant_hit == 1);
}

TEST_CASE("the figures as text and JSON, rounded to 4 decimals as known_item.py") {
    fns::QualityMeter meter(qrels_of("q1 0 d 1\nq2 0 d 1\nq3 0 d 1\n"));
    meter.add("q1", {"d"});
    meter.add("q2", {"x", "x", "d"});
    meter.add("q3", {});
    const nlohmann::json json = fns::quality_json(meter.figures());
    CHECK(json.at("mrr@10") == doctest::Approx(0.4444));
    CHECK(json.at("queries") == 3);
    CHECK(json.at("no_relevant_hit") == 1);
    CHECK(fns::format_quality_text(meter.figures()).find("MRR@10            0.4444") != std::string::npos);
}

TEST_CASE("prompt lines: commands, hit numbers, date limits, and queries") {
    using Kind = fns::PromptCommand::Kind;
    const struct {
        const char* line;
        Kind kind;
        const char* argument;
    } cases[] = {
        {"", Kind::Nothing, ""},
        {"   ", Kind::Nothing, ""},
        {"quit", Kind::Quit, ""},
        {" exit ", Kind::Quit, ""},
        {"help", Kind::Help, ""},
        {"n", Kind::Next, ""},
        {"p", Kind::Previous, ""},
        {"3", Kind::Read, "3"},
        {"like 2", Kind::Like, "2"},
        {"like fns-0005", Kind::Like, "fns-0005"},
        {"from 2024-04", Kind::From, "2024-04"},
        {"from avril 2024", Kind::From, "avril 2024"},
        {"to", Kind::To, ""},
        {"dates", Kind::Dates, ""},
        {"accord de paix", Kind::Search, "accord de paix"},
        {"like les autres", Kind::Search, "like les autres"},  // two words: a query
        {"2024 jeux", Kind::Search, "2024 jeux"},
        {"n p", Kind::Search, "n p"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.line);
        const fns::PromptCommand command = fns::parse_prompt_line(c.line);
        CHECK(command.kind == c.kind);
        CHECK(command.argument == c.argument);
    }
}

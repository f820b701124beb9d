// The searcher binary on a real index of the project's corpus: query syntax, dates, formats, errors.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "e2e_util.h"

using namespace fns::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Ids = std::vector<std::string>;
using IdSet = std::set<std::string>;

// Every hit (no collapse of copies, a limit above the corpus size), as a set.
IdSet all_hits(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"--limit", "100", "--all-copies"};
    full.insert(full.end(), args.begin(), args.end());
    const Ids ids = search_ids(corpus_db(), full);
    const IdSet set(ids.begin(), ids.end());
    CHECK(set.size() == ids.size());  // no article twice
    return set;
}

IdSet minus(const IdSet& a, const IdSet& b) {
    IdSet out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
}
IdSet both(const IdSet& a, const IdSet& b) {
    IdSet out;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
}
IdSet either(const IdSet& a, const IdSet& b) {
    IdSet out = a;
    out.insert(b.begin(), b.end());
    return out;
}

// The corpus (corpus/README.md).
const std::string kDrones = "text/drones-feux-de-foret-sud-est.txt";
const std::string kRusses = "text/instructeurs-russes-burkina-faso.txt";
const std::string kChange = "text/ce-qui-change-au-1er-janvier.txt";          // 2024-12-31
const std::string kPecheAPied = "text/peche-a-pied-les-regles.txt";           // undated
const std::string kVoeux = "text/latin1-voeux-elysee.txt";                    // 2023-12-31
const std::string kVents = "text/vents-violents-cote-atlantique.txt";         // 2024-01-01
const std::string kChomage = "text/chomage-marche-du-travail-2019.txt";
const std::string kTaches = "text/taches-solaires-aurores-boreales.txt";
const std::string kEtatsUnis = "html/etats-unis-election-presidentielle.html";
const std::string kCop28 = "html/cop28-accord-energies-fossiles.html";
const std::string kExposition = "html/exposition-sept-peches-capitaux.html";
const std::string kLithium = "html/lithium-projet-de-mine-allier.html";
const std::string kEuropeennes = "html/europeennes-depot-des-listes.html";
const std::string kNintendo = "html/nintendo-switch-2-date-de-sortie.html";
const IdSet kUndated = {kPecheAPied, "fns-0008"};
const IdSet kApril2024 = {kDrones, "fns-0003", kEuropeennes, "fns-0006"};
const IdSet k2024 = {kDrones, kRusses, kChange, kVents, kTaches, kEtatsUnis, kEuropeennes,
                     "fns-0001", "fns-0002", "fns-0003", "fns-0004", "fns-0005", "fns-0006", "fns-0007",
                     "fns-0015", "fns-0018"};

// Hits of a date-filtered search: every one dated, within [first, last] (ISO strings compare as dates).
void check_dates_within(const std::vector<json>& hits, const std::string& first, const std::string& last) {
    for (const json& hit : hits) {
        CAPTURE(hit.at("id"));
        REQUIRE(hit.at("date").is_string());  // undated articles never match a date filter
        const std::string date = hit.at("date");
        if (!first.empty()) CHECK(date >= first);
        if (!last.empty()) CHECK(date <= last);
    }
}

std::vector<json> date_search(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"--limit", "100", "--all-copies"};
    full.insert(full.end(), args.begin(), args.end());
    return search_json(corpus_db(), full);
}

IdSet ids_of(const std::vector<json>& hits) {
    IdSet ids;
    for (const json& hit : hits) ids.insert(hit.at("id").get<std::string>());
    return ids;
}

size_t count_dated(const std::function<bool(const std::string&)>& in_range) {
    // Counts, from the unfiltered index, the articles whose date is in range (the reference).
    size_t n = 0;
    for (const json& hit : date_search({"--from", "1900"}))
        if (in_range(hit.at("date").get<std::string>())) ++n;
    return n;
}

// A malformed query with --strict: exit 2, "bad query" and the reason on stderr, then the query and a
// caret under `column`.
void check_bad_query(const std::string& query, const std::string& reason, size_t column) {
    CAPTURE(query);
    const RunResult r = run_searcher({"--db", corpus_db(), "--strict", query});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    const auto lines = lines_of(r.err);
    REQUIRE(lines.size() == 3);
    CHECK(contains(lines[0], "bad query"));
    CHECK(contains(lines[0], reason));
    CHECK(lines[1] == "  " + query);
    CHECK(lines[2] == std::string(2 + column, ' ') + "^");
}

// Results equal up to ties: the same (id, score) pairs, scores non-increasing.
void check_same_ranking(const std::vector<json>& a, const std::vector<json>& b) {
    REQUIRE(a.size() == b.size());
    const auto key = [](const std::vector<json>& hits) {
        std::vector<std::pair<long long, std::string>> pairs;
        for (const json& hit : hits) {
            pairs.emplace_back(std::llround(hit.at("score").get<double>() * 1e6), hit.at("id").get<std::string>());
        }
        for (size_t i = 1; i < pairs.size(); ++i) CHECK(pairs[i].first <= pairs[i - 1].first);
        std::sort(pairs.begin(), pairs.end(), std::greater<>());
        return pairs;
    };
    CHECK(key(a) == key(b));
}

}  // namespace

TEST_CASE("words: accents, case, elisions and plurals ignored - the best answer first") {
    const Ids accord = search_ids(corpus_db(), {"--limit", "100", "accord"});
    REQUIRE_FALSE(accord.empty());
    CHECK(accord.front() == kCop28);
    const IdSet accord_set(accord.begin(), accord.end());
    for (const std::string& id : {std::string("fns-0018"), std::string("fns-0003"), std::string("fns-0016"),
                                  std::string("fns-0014"), kChange, kRusses})
        CHECK_MESSAGE(accord_set.contains(id), id);
    CHECK_FALSE(accord_set.contains(kExposition));  // "accord" only in its cookie banner
    CHECK(search_ids(corpus_db(), {"--limit", "100", "l'accord"}) == accord);
    CHECK(search_ids(corpus_db(), {"--limit", "100", "l’accord"}) == accord);

    for (const char* query : {"etats unis", "États-Unis", "ÉTATS-UNIS"}) {
        CAPTURE(query);
        const Ids ids = search_ids(corpus_db(), {query});
        REQUIRE(ids.size() >= 2);
        CHECK(IdSet{ids[0], ids[1]} == IdSet{kEtatsUnis, "fns-0004"});
    }
    CHECK(search_ids(corpus_db(), {"soldat americain"}).front() == "fns-0001");
    CHECK(search_ids(corpus_db(), {"nintendo switch"}) == Ids{kNintendo});
    for (const char* boilerplate_only : {"vendanges", "rennais", "lorient"}) {
        CAPTURE(boilerplate_only);
        CHECK(search_ids(corpus_db(), {boilerplate_only}).empty());
    }
    CHECK(search_ids(corpus_db(), {"lithium"}).front() == kLithium);
}

TEST_CASE("exact phrases, with guillemets too - hyphenated words are words side by side") {
    CHECK(all_hits({"\"12 500 emplois\""}) == IdSet{kChomage, "fns-0013"});
    CHECK(all_hits({"\"1 000 soldats\""}) == IdSet{"fns-0001"});
    CHECK(all_hits({"«1 000 soldats»"}) == IdSet{"fns-0001"});
    CHECK(all_hits({"« 1 000 soldats »"}) == IdSet{"fns-0001"});
    // Words that are in one article but never next to each other.
    REQUIRE(all_hits({"+emplois +soldats"}).empty());
    const IdSet apart = all_hits({"+accord +drones"});
    REQUIRE_FALSE(apart.empty());
    CHECK(all_hits({"\"accord drones\""}).empty());
    // A phrase matches a subset of its words' articles; unquoted, a hyphenated name is its words.
    const IdSet words = all_hits({"+saint +etienne"});
    const IdSet phrase = all_hits({"\"saint etienne\""});
    CHECK_FALSE(phrase.empty());
    CHECK(both(phrase, words) == phrase);
    CHECK(search_ids(corpus_db(), {"--all-copies", "--limit", "100", "Saint-Étienne"}) ==
          search_ids(corpus_db(), {"--all-copies", "--limit", "100", "saint etienne"}));
}

TEST_CASE("boolean operators in English and French, and +/-") {
    const IdSet drone = all_hits({"drone"});
    const IdSet russes = all_hits({"russes"});
    REQUIRE_FALSE(both(drone, russes).empty());
    REQUIRE_FALSE(minus(drone, russes).empty());
    REQUIRE_FALSE(minus(russes, drone).empty());

    CHECK(all_hits({"drone AND russes"}) == both(drone, russes));
    CHECK(all_hits({"drone ET russes"}) == both(drone, russes));
    CHECK(all_hits({"drone OR russes"}) == either(drone, russes));
    CHECK(all_hits({"drone OU russes"}) == either(drone, russes));
    CHECK(all_hits({"drone NOT russes"}) == minus(drone, russes));
    CHECK(all_hits({"drone SAUF russes"}) == minus(drone, russes));
    CHECK(all_hits({"+drone -russes"}) == minus(drone, russes));
    CHECK(all_hits({"+drone +russes"}) == both(drone, russes));
    CHECK(all_hits({"+drone russes"}) == drone);
    // A plain word list matches any of the words.
    CHECK(all_hits({"drone russes"}) == either(drone, russes));
    // Lower-case "et"/"ou" are words (stop words), not operators.
    CHECK(all_hits({"drone et russes"}) == either(drone, russes));
    // Parentheses.
    const IdSet lithium = all_hits({"lithium"});
    CHECK(all_hits({"(drone OR russes) NOT lithium"}) == minus(either(drone, russes), lithium));
    CHECK(all_hits({"(drone OU lithium) ET russes"}) == both(either(drone, lithium), russes));
}

TEST_CASE("prefix queries match every word starting so") {
    const IdSet prefix = all_hits({"presiden*"});
    CHECK(prefix.contains(kEtatsUnis));  // présidentielle
    CHECK(prefix.contains("fns-0016"));  // présidence
    CHECK(both(prefix, all_hits({"présidentielle"})) == all_hits({"présidentielle"}));
    CHECK(both(prefix, all_hits({"présidence"})) == all_hits({"présidence"}));
    CHECK(all_hits({"gigafact*"}) == all_hits({"gigafactory"}));
    CHECK(all_hits({"zzyzx*"}).empty());
}

TEST_CASE("titre: and title: search the title only - source: the source") {
    CHECK(all_hits({"titre:lithium"}) == IdSet{kLithium});  // fns-0013 has it in its body only
    CHECK(all_hits({"title:gigafactory"}) == IdSet{"fns-0013"});
    CHECK(all_hits({"titre:\"soldats américains\""}) == IdSet{"fns-0001"});
    CHECK(all_hits({"titre:drones"}).contains(kDrones));
    CHECK_FALSE(all_hits({"titre:drones"}).contains("fns-0011"));  // drone 3x in its body, not its title

    for (const char* source : {"veilleur", "afp"}) {
        CAPTURE(source);
        const auto hits = search_json(corpus_db(), {"--limit", "100", "--all-copies", std::string("source:") + source});
        for (const json& hit : hits) {
            std::string where = hit.value("source", "") + " " + hit.value("url", "");
            std::transform(where.begin(), where.end(), where.begin(), ::tolower);
            CHECK_MESSAGE(contains(where, source), hit.dump());
        }
        if (std::string(source) == "veilleur") CHECK(ids_of(hits).contains(kEtatsUnis));
    }
    const IdSet quotidien = all_hits({"source:quotidien"});
    CHECK(quotidien.contains("fns-0005"));
    CHECK_FALSE(quotidien.contains("fns-0015"));  // the syndicated copy has another source
}

TEST_CASE("date: ranges in each form, bounds included, undated articles never returned") {
    SUBCASE("date:2024") {
        const auto hits = date_search({"date:2024"});
        check_dates_within(hits, "2024-01-01", "2024-12-31");
        CHECK(ids_of(hits) == k2024);
        CHECK_FALSE(ids_of(hits).contains(kVoeux));     // 2023-12-31
        CHECK_FALSE(ids_of(hits).contains("fns-0016"));  // 2025-01-01
    }
    SUBCASE("date:2024-04") {
        const auto hits = date_search({"date:2024-04"});
        check_dates_within(hits, "2024-04-01", "2024-04-30");
        CHECK(ids_of(hits) == kApril2024);
    }
    SUBCASE("date:2024-04-01..2024-04-30") {
        const auto hits = date_search({"date:2024-04-01..2024-04-30"});
        check_dates_within(hits, "2024-04-01", "2024-04-30");
        CHECK(ids_of(hits) == kApril2024);
    }
    SUBCASE("one day: date:2024-04-19 and the bound days of 2024") {
        CHECK(ids_of(date_search({"date:2024-04-19"})) == IdSet{kDrones, "fns-0003"});
        CHECK(ids_of(date_search({"date:2024-01-01"})) == IdSet{kVents, "fns-0002"});
        CHECK(ids_of(date_search({"date:2024-12-31"})) == IdSet{kChange, "fns-0007"});
        CHECK(ids_of(date_search({"date:2024-04-30..2024-04-30"})) == IdSet{"fns-0006"});
    }
    SUBCASE("date:2024-04..2024-06") {
        const auto hits = date_search({"date:2024-04..2024-06"});
        check_dates_within(hits, "2024-04-01", "2024-06-30");
        CHECK(hits.size() == count_dated([](const std::string& d) { return d >= "2024-04-01" && d <= "2024-06-30"; }));
        CHECK(ids_of(hits).contains("fns-0006"));  // 2024-04-30
        CHECK(ids_of(hits).contains(kTaches));     // 2024-05-13
    }
    SUBCASE("date:..2023-12-31") {
        const auto hits = date_search({"date:..2023-12-31"});
        check_dates_within(hits, "", "2023-12-31");
        CHECK(hits.size() == 16);  // 2019-2023 in corpus/README.md
        CHECK(ids_of(hits).contains(kVoeux));
        CHECK_FALSE(ids_of(hits).contains(kVents));
        CHECK_FALSE(ids_of(hits).contains("fns-0002"));
    }
    SUBCASE("date:2024-01-01..") {
        const auto hits = date_search({"date:2024-01-01.."});
        check_dates_within(hits, "2024-01-01", "");
        CHECK(hits.size() == 20);  // 16 in 2024, 4 in 2025
        CHECK(ids_of(hits).contains(kVents));
        CHECK(ids_of(hits).contains("fns-0002"));
        CHECK(ids_of(hits).contains("fns-0016"));
        CHECK_FALSE(ids_of(hits).contains(kVoeux));
    }
    SUBCASE("with words: the undated page about pêche is not in a date range") {
        REQUIRE(all_hits({"pêche"}).contains(kPecheAPied));
        const auto hits = date_search({"pêche date:2019..2025"});
        REQUIRE_FALSE(hits.empty());
        check_dates_within(hits, "2019-01-01", "2025-12-31");
        CHECK_FALSE(ids_of(hits).contains(kPecheAPied));
        CHECK(ids_of(date_search({"pêche", "--to", "2099"})) == ids_of(hits));
        CHECK(ids_of(date_search({"date:2024 pêche"})) == both(all_hits({"pêche"}), k2024));
    }
    SUBCASE("the whole corpus but the undated") {
        const auto hits = date_search({"date:1900..2100"});
        check_dates_within(hits, "1900-01-01", "2100-12-31");
        CHECK(hits.size() == 36);
        CHECK(both(ids_of(hits), kUndated).empty());
    }
}

TEST_CASE("--from and --to take each date form") {
    struct Case {
        std::vector<std::string> args;
        std::string first, last;
        IdSet expected;
    };
    const std::vector<Case> cases = {
        {{"--from", "2024", "--to", "2024"}, "2024-01-01", "2024-12-31", k2024},
        {{"--from", "2024-04", "--to", "2024-04"}, "2024-04-01", "2024-04-30", kApril2024},
        {{"--from", "2024-04-01", "--to", "2024-04-30"}, "2024-04-01", "2024-04-30", kApril2024},
        {{"--from", "19/04/2024", "--to", "19/04/2024"}, "2024-04-19", "2024-04-19", {kDrones, "fns-0003"}},
        {{"--from", "avril 2024", "--to", "avril 2024"}, "2024-04-01", "2024-04-30", kApril2024},
        {{"--from", "31/12/2024"}, "2024-12-31", "", {kChange, "fns-0007", "fns-0016", "fns-0017", kNintendo,
                                                     "html/latin1-tourisme-ile-de-france.html"}},
        {{"--to", "2023-12-31"}, "", "2023-12-31", ids_of(date_search({"date:..2023-12-31"}))},
    };
    for (const Case& c : cases) {
        CAPTURE(c.args);
        const auto hits = date_search(c.args);  // no query: the filter alone
        check_dates_within(hits, c.first, c.last);
        CHECK(ids_of(hits) == c.expected);
        // With words too.
        std::vector<std::string> with_words = c.args;
        with_words.push_back("accord");
        check_dates_within(date_search(with_words), c.first, c.last);
    }
    const RunResult bad = run_searcher({"--db", corpus_db(), "--from", "2024-13", "accord"});
    CHECK(bad.exit_code == 2);
    CHECK(contains(bad.err, "2024-13"));
    const RunResult reversed = run_searcher({"--db", corpus_db(), "--from", "2025", "--to", "2024", "accord"});
    CHECK(reversed.exit_code == 2);
}

TEST_CASE("--sort date lists the newest first") {
    for (const char* query : {"accord", "pêche", "marché OR côte OR accord"}) {
        CAPTURE(query);
        const auto hits = search_json(corpus_db(), {"--sort", "date", "--limit", "100", query});
        REQUIRE(hits.size() >= 3);
        std::string previous = "9999-99-99";
        bool undated_seen = false;
        for (const json& hit : hits) {
            if (hit.at("date").is_null()) {
                undated_seen = true;  // undated ones last
                continue;
            }
            CHECK_FALSE(undated_seen);
            const std::string date = hit.at("date");
            CHECK(date <= previous);
            previous = date;
        }
        // The same set of hits as by relevance.
        CHECK(ids_of(hits) == ids_of(search_json(corpus_db(), {"--limit", "100", query})));
    }
}

TEST_CASE("--limit and --offset page through the full ranking") {
    const std::string query = "marché OR côte OR accord OR économie OR drone";
    const auto full = search_json(corpus_db(), {"--limit", "100", query});
    REQUIRE(full.size() >= 10);
    std::vector<json> paged;
    for (size_t offset = 0; offset < full.size() + 3; offset += 3) {
        const auto page = search_json(corpus_db(), {"--limit", "3", "--offset", std::to_string(offset), query});
        CHECK(page.size() <= 3);
        paged.insert(paged.end(), page.begin(), page.end());
    }
    REQUIRE(paged.size() == full.size());
    Ids full_ids, paged_ids;
    std::vector<size_t> expected_ranks, full_ranks, paged_ranks;
    for (size_t i = 0; i < full.size(); ++i) {
        full_ids.push_back(full[i].at("id"));
        paged_ids.push_back(paged[i].at("id"));
        expected_ranks.push_back(i + 1);
        full_ranks.push_back(full[i].at("rank"));
        paged_ranks.push_back(paged[i].at("rank"));
    }
    CHECK(paged_ids == full_ids);  // no overlap, no gap, the same order
    CHECK(full_ranks == expected_ranks);
    // The rank of a hit counts the hits skipped by --offset, once.
    CHECK(paged_ranks == expected_ranks);
    const RunResult text = run_searcher({"--db", corpus_db(), "--offset", "3", "--limit", "2", query});
    CHECK(contains(text.out, "showing 4-5"));
    CHECK(contains(text.out, "\n  4. "));
    const RunResult trec = run_searcher({"--db", corpus_db(), "--format", "trec", "--offset", "3", "--limit", "2", query});
    const auto trec_lines = lines_of(trec.out);
    REQUIRE(trec_lines.size() == 2);
    CHECK(contains(trec_lines[0], " " + full_ids[3] + " 4 "));
    CHECK(search_json(corpus_db(), {"--limit", "5", query}).size() == 5);
    CHECK(search_json(corpus_db(), {"--offset", "1000", query}).empty());
    // The default limit is 10.
    CHECK(search_json(corpus_db(), {query}).size() == 10);
    CHECK(run_searcher({"--db", corpus_db(), "--limit", "-1", query}).exit_code == 2);
    CHECK(run_searcher({"--db", corpus_db(), "--offset", "x", query}).exit_code == 2);
}

TEST_CASE("--facets counts the matches by month") {
    const RunResult r = run_searcher({"--db", corpus_db(), "--facets", "--all-copies", "date:2024"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto out = lines_of(r.out);
    const auto header = std::find(out.begin(), out.end(), "By month:");
    REQUIRE(header != out.end());
    std::map<std::string, int> counts;
    for (auto it = header + 1; it != out.end() && !it->empty(); ++it) {
        std::istringstream line(*it);
        std::string month;
        int count = 0;
        REQUIRE(static_cast<bool>(line >> month >> count));
        counts[month] = count;
    }
    // Expected: the months of the 16 articles of 2024.
    std::map<std::string, int> expected;
    for (const json& hit : date_search({"date:2024"})) ++expected[hit.at("date").get<std::string>().substr(0, 7)];
    CHECK(counts == expected);
    CHECK(counts["2024-04"] == 4);
    CHECK(counts["2024-01"] == 3);  // vents-violents, fns-0002 (01-01) and instructeurs-russes (01-24)
    CHECK(counts["2024-12"] == 3);  // ce-qui-change and fns-0007 (12-31), fns-0018 (12-11)
}

TEST_CASE("--explain shows each term's share of the score") {
    const RunResult r = run_searcher({"--db", corpus_db(), "--explain", "--limit", "2", "accord drone"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(lines_with(r.out, "total (BM25").size() == 2);
    CHECK(lines_with(r.out, " here, title words count ").size() >= 2);
    const auto hits = search_json(corpus_db(), {"--explain", "--limit", "3", "accord drone"});
    REQUIRE(hits.size() == 3);
    for (const json& hit : hits) {
        REQUIRE(hit.contains("explain"));
        REQUIRE(hit.at("explain").is_array());
        CHECK(hit.at("explain").size() >= 2);
        CHECK(contains(hit.at("explain").back().get<std::string>(), "total"));
    }
    // Without --explain, no explanation.
    CHECK_FALSE(search_json(corpus_db(), {"accord"}).front().contains("explain"));
}

TEST_CASE("a syndicated pair is one hit with a copy, two with --all-copies") {
    const auto collapsed = search_json(corpus_db(), {"canicule"});
    REQUIRE(collapsed.size() == 1);
    CHECK((collapsed[0].at("id") == "fns-0005" || collapsed[0].at("id") == "fns-0015"));
    CHECK(collapsed[0].at("copies") == 1);
    const RunResult text = run_searcher({"--db", corpus_db(), "canicule"});
    CHECK(contains(text.out, "+1 copy"));

    const auto all = search_json(corpus_db(), {"--all-copies", "canicule"});
    CHECK(ids_of(all) == IdSet{"fns-0005", "fns-0015"});
    for (const json& hit : all) CHECK(hit.at("copies") == 0);
    // Collapsed, date:2024 shows 15 hits for its 16 articles.
    CHECK(search_json(corpus_db(), {"--limit", "100", "date:2024"}).size() == 15);
}

TEST_CASE("snippets highlight accented forms - colours only when asked for or on a terminal") {
    const auto hits = search_json(corpus_db(), {"--limit", "20", "etats"});
    REQUIRE_FALSE(hits.empty());
    bool etats_highlighted = false;
    for (const json& hit : hits) {
        const std::string snippet = hit.at("snippet");
        for (const json& range : hit.at("highlights")) {
            const size_t begin = range.at(0), end = range.at(1);
            REQUIRE(begin < end);
            REQUIRE(end <= snippet.size());
            // Whole UTF-8 characters.
            CHECK((static_cast<unsigned char>(snippet[begin]) & 0xC0) != 0x80);
            if (end < snippet.size()) CHECK((static_cast<unsigned char>(snippet[end]) & 0xC0) != 0x80);
            const std::string word = snippet.substr(begin, end - begin);
            if (word == "États") etats_highlighted = true;
        }
    }
    CHECK(etats_highlighted);

    const RunResult plain = run_searcher({"--db", corpus_db(), "etats"});
    REQUIRE(plain.exit_code == 0);
    CHECK_FALSE(contains(plain.out, "\033["));
    CHECK(contains(plain.out, "États"));
    const RunResult never = run_searcher({"--db", corpus_db(), "--color", "never", "etats"});
    CHECK_FALSE(contains(never.out, "\033["));
    const RunResult always = run_searcher({"--db", corpus_db(), "--color", "always", "etats"});
    REQUIRE(always.exit_code == 0);
    CHECK(contains(always.out, "\033[1;33mÉtats\033[0m"));
    CHECK(run_searcher({"--db", corpus_db(), "--color", "sometimes", "etats"}).exit_code == 2);
}

TEST_CASE("--format json: one decodable object per hit, with its fields") {
    const RunResult r = run_searcher({"--db", corpus_db(), "--format", "json", "--limit", "100", "accord"});
    REQUIRE(r.exit_code == 0);
    const auto hits = parse_json_lines(r.out);
    REQUIRE(hits.size() >= 6);
    for (size_t i = 0; i < hits.size(); ++i) {
        const json& hit = hits[i];
        CAPTURE(hit.dump());
        CHECK(hit.at("rank") == i + 1);
        CHECK(hit.at("id").is_string());
        CHECK(hit.at("title").is_string());
        CHECK((hit.at("date").is_string() || hit.at("date").is_null()));
        CHECK(hit.at("score").is_number());
        CHECK(hit.at("copies").is_number_integer());
        CHECK(hit.at("path").is_string());
        CHECK(hit.at("snippet").is_string());
        CHECK(hit.at("highlights").is_array());
        if (i > 0) CHECK(hit.at("score").get<double>() <= hits[i - 1].at("score").get<double>());
    }
    // Titles and dates as in the corpus.
    CHECK(hits[0].at("id") == kCop28);
    CHECK(hits[0].at("date") == "2023-12-13");
    const auto undated = search_json(corpus_db(), {"titre:pêche"});
    REQUIRE_FALSE(undated.empty());
    const auto page = std::find_if(undated.begin(), undated.end(), [](const json& h) { return h.at("id") == kPecheAPied; });
    REQUIRE(page != undated.end());
    CHECK(page->at("date").is_null());
}

TEST_CASE("--format trec: qid Q0 docid rank score tag, ranks from 1") {
    const Ids json_ids = search_ids(corpus_db(), {"--limit", "100", "accord"});
    for (const char* tag : {"", "monrun"}) {
        std::vector<std::string> args = {"--db", corpus_db(), "--format", "trec", "--limit", "100", "accord"};
        if (*tag) args.insert(args.end(), {"--tag", tag});
        const RunResult r = run_searcher(args);
        REQUIRE(r.exit_code == 0);
        const auto lines = lines_of(r.out);
        REQUIRE(lines.size() == json_ids.size());
        double previous_score = 1e300;
        for (size_t i = 0; i < lines.size(); ++i) {
            CAPTURE(lines[i]);
            std::istringstream in(lines[i]);
            std::vector<std::string> columns;
            for (std::string column; in >> column;) columns.push_back(column);
            REQUIRE(columns.size() == 6);
            CHECK(columns[0] == "1");
            CHECK(columns[1] == "Q0");
            CHECK(columns[2] == json_ids[i]);
            CHECK(columns[3] == std::to_string(i + 1));
            const double score = std::stod(columns[4]);
            CHECK(score <= previous_score);
            previous_score = score;
            CHECK(columns[5] == (*tag ? tag : "fns"));
        }
    }
}

TEST_CASE("--queries runs a file of queries: qid<TAB>query, bare lines, date columns") {
    TempDir dir;
    const std::string queries = dir.write("queries.tsv",
                                          "q1\taccord\n"
                                          "drones\n"
                                          "\n"
                                          "q4\tpêche\t2024\t2024\n"
                                          "q5\tcanicule\n"
                                          "q6\tmarché\t\t2020-12-31\n");
    const RunResult r = run_searcher({"--db", corpus_db(), "--queries", queries, "--format", "json", "--limit", "100"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, std::vector<json>> by_qid;
    for (const json& hit : parse_json_lines(r.out)) by_qid[hit.at("qid").get<std::string>()].push_back(hit);
    CHECK(by_qid.size() == 5);
    CHECK(by_qid["q1"].front().at("id") == kCop28);
    CHECK(ids_of(by_qid["q1"]) == ids_of(search_json(corpus_db(), {"--limit", "100", "accord"})));
    REQUIRE(by_qid.contains("2"));  // a bare line: its line number
    CHECK(by_qid["2"].front().at("id") == kDrones);
    check_dates_within(by_qid["q4"], "2024-01-01", "2024-12-31");
    CHECK(ids_of(by_qid["q4"]) == ids_of(search_json(corpus_db(), {"--limit", "100", "pêche", "date:2024"})));
    CHECK(by_qid["q5"].size() == 1);
    check_dates_within(by_qid["q6"], "", "2020-12-31");
    CHECK(ids_of(by_qid["q6"]).contains(kChomage));

    const RunResult trec = run_searcher({"--db", corpus_db(), "--queries", queries, "--format", "trec"});
    REQUIRE(trec.exit_code == 0);
    std::map<std::string, int> last_rank;
    for (const std::string& line : lines_of(trec.out)) {
        std::istringstream in(line);
        std::vector<std::string> columns;
        for (std::string column; in >> column;) columns.push_back(column);
        REQUIRE(columns.size() == 6);
        CHECK(std::stoi(columns[3]) == last_rank[columns[0]] + 1);  // ranks 1..n in each query
        last_rank[columns[0]] = std::stoi(columns[3]);
    }
    CHECK(last_rank.size() == 5);
    CHECK(last_rank.contains("2"));

    // A bad line is reported and the others are answered.
    const std::string with_bad = dir.write("bad.tsv", "q1\taccord\nq2\t\"pas fermé\nq3\tdrone\n");
    const RunResult partial =
        run_searcher({"--db", corpus_db(), "--queries", with_bad, "--format", "trec", "--strict"});
    CHECK(contains(partial.err, "q2"));
    CHECK(contains(partial.err, "never closed"));
    std::set<std::string> qids;
    for (const std::string& line : lines_of(partial.out)) qids.insert(line.substr(0, line.find(' ')));
    CHECK(qids == std::set<std::string>{"q1", "q3"});

    const RunResult bad_date = run_searcher(
        {"--db", corpus_db(), "--queries", dir.write("d.tsv", "q1\taccord\tdemain\n"), "--format", "trec"});
    CHECK(bad_date.exit_code == 1);  // that line failed (the others would run)
    CHECK(contains(bad_date.err, "demain"));
    const RunResult missing = run_searcher({"--db", corpus_db(), "--queries", dir / "absent.tsv"});
    CHECK(missing.exit_code == 2);
}

TEST_CASE("--bench prints one JSON object of latency figures") {
    TempDir dir;
    const std::string queries = dir.write("queries.tsv", "q1\taccord\nq2\tetats unis\ndrone\nq4\tpêche\t2024\t2024\n");
    const RunResult r = run_searcher({"--db", corpus_db(), "--queries", queries, "--bench"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 1);
    const json figures = json::parse(lines[0]);
    REQUIRE(figures.is_object());
    for (const char* field : {"queries", "p50_ms", "p95_ms", "p99_ms", "max_ms", "qps", "hits_per_query"}) {
        CAPTURE(field);
        REQUIRE(figures.contains(field));
        CHECK(figures.at(field).is_number());
        CHECK(figures.at(field).get<double>() >= 0);
    }
    CHECK(figures.at("queries") == 4);
    CHECK(figures.at("hits_per_query").get<double>() > 0);
    CHECK(run_searcher({"--db", corpus_db(), "--bench", "accord"}).exit_code == 2);  // needs --queries
}

TEST_CASE("malformed queries with --strict: exit code 2, the problem named and pointed at") {
    check_bad_query("\"accord de paix", "never closed", 0);
    check_bad_query("accord \"de paix", "never closed", 7);
    check_bad_query("(accord OR drone", "never closed", 0);
    check_bad_query("accord OR drone)", "closes nothing", 15);
    check_bad_query("accord AND", "needs a word", 7);
    check_bad_query("accord ET", "needs a word", 7);
    check_bad_query("OR accord", "before it", 0);
    check_bad_query("date:2024-13", "not a date", 5);
    check_bad_query("accord date:2025..2024", "before it starts", 12);
    check_bad_query("date:..", "at least one bound", 5);
}

TEST_CASE("no hits: a message and exit code 0") {
    const RunResult r = run_searcher({"--db", corpus_db(), "zzyzxqwv"});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "No article matches"));
    CHECK(contains(r.out, "zzyzxqwv"));
    const RunResult json_out = run_searcher({"--db", corpus_db(), "--format", "json", "zzyzxqwv"});
    CHECK(json_out.exit_code == 0);
    CHECK(json_out.out.empty());
    const RunResult dated = run_searcher({"--db", corpus_db(), "accord", "date:1990"});
    CHECK(dated.exit_code == 0);
    CHECK(contains(dated.out, "No article matches"));
}

TEST_CASE("a missing database gives a clear message and exit code 3") {
    TempDir dir;
    const RunResult result = run_searcher({"--db", dir / "absent", "accord"});
    CHECK(result.exit_code == 3);
    CHECK(result.err.find("cannot open the database") != std::string::npos);
    // A folder that is not a database.
    fs::create_directories(dir / "empty");
    CHECK(run_searcher({"--db", dir / "empty", "accord"}).exit_code == 3);
    // Two shards, one missing.
    CHECK(run_searcher({"--db", corpus_db(), "--db", dir / "absent", "accord"}).exit_code == 3);
    // Usage errors are 2.
    CHECK(run_searcher({"accord"}).exit_code == 2);
    CHECK(run_searcher({"--db", corpus_db(), "--frobnicate", "accord"}).exit_code == 2);
    CHECK(run_searcher({"--db", corpus_db()}).exit_code == 2);
}

TEST_CASE("two shards searched together rank like one database of everything") {
    TempDir dir;
    // Halves that keep the ids of corpus/ (paths relative to the folder given).
    for (const char* sub : {"text", "json"}) copy_tree(kCorpusDir + "/" + sub, dir / (std::string("a/") + sub));
    for (const char* sub : {"html", "jsonl"}) copy_tree(kCorpusDir + "/" + sub, dir / (std::string("b/") + sub));
    REQUIRE(run_indexer({"--db", dir / "a.db", dir / "a"}).exit_code == 0);
    REQUIRE(run_indexer({"--db", dir / "b.db", dir / "b"}).exit_code == 0);
    REQUIRE(doc_count(dir / "a.db") + doc_count(dir / "b.db") == doc_count(corpus_db()));

    for (const std::vector<std::string>& query :
         std::vector<std::vector<std::string>>{{"accord"}, {"etats unis"}, {"drone"}, {"pêche"}, {"canicule"},
                                               {"\"12 500 emplois\""}, {"titre:lithium"}, {"date:2024", "côte"},
                                               {"--all-copies", "canicule"}, {"marché OR côte OR accord"}}) {
        CAPTURE(query);
        std::vector<std::string> args = {"--limit", "100"};
        args.insert(args.end(), query.begin(), query.end());
        const auto single = search_json(corpus_db(), args);
        const auto sharded = search_json_dbs({dir / "a.db", dir / "b.db"}, args);
        check_same_ranking(single, sharded);
        for (size_t i = 0; i < single.size() && i < sharded.size(); ++i)
            CHECK(single[i].at("copies") == sharded[i].at("copies"));
    }
}

TEST_CASE("a remote shard served by xapian-tcpsrv ranks like the local database") {
    const std::string server = "/usr/bin/xapian-tcpsrv";
    if (!fs::exists(server)) {
        MESSAGE("skipped: xapian-tcpsrv is not installed");
        return;
    }
    TempDir dir;
    for (const char* sub : {"text", "json"}) copy_tree(kCorpusDir + "/" + sub, dir / (std::string("a/") + sub));
    for (const char* sub : {"html", "jsonl"}) copy_tree(kCorpusDir + "/" + sub, dir / (std::string("b/") + sub));
    REQUIRE(run_indexer({"--db", dir / "a.db", dir / "a"}).exit_code == 0);
    REQUIRE(run_indexer({"--db", dir / "b.db", dir / "b"}).exit_code == 0);

    const int port = free_port();
    REQUIRE(port > 0);
    // Its own session: on SIGTERM xapian-tcpsrv signals its whole process group.
    Background tcpsrv(server, {"--interface", "127.0.0.1", "--port", std::to_string(port), dir / "b.db"},
                      /*new_session=*/true);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!accepts_connections(port) && tcpsrv.running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    INFO("xapian-tcpsrv stderr: ", tcpsrv.err());
    REQUIRE(accepts_connections(port));

    const std::string stub = dir.write("remote.stub", "remote 127.0.0.1:" + std::to_string(port) + "\n");
    for (const std::vector<std::string>& query : std::vector<std::vector<std::string>>{
             {"accord"}, {"etats unis"}, {"canicule"}, {"date:2024", "côte"}, {"--all-copies", "canicule"}}) {
        CAPTURE(query);
        std::vector<std::string> args = {"--limit", "100"};
        args.insert(args.end(), query.begin(), query.end());
        const auto local = search_json(corpus_db(), args);
        const auto mixed = search_json_dbs({dir / "a.db", stub}, args);
        check_same_ranking(local, mixed);
    }
    tcpsrv.stop_group();
}

TEST_CASE("a word with or without accents matches every accented form") {
    // Accents are folded away: exact accented forms are not indexed (schema 3, docs/BENCHMARKS.md).
    for (const char* query : {"péché", "pêche", "peche"}) {
        INFO("query: ", query);
        const auto all = search_ids(corpus_db(), {"--limit", "50", query});
        for (const char* id : {"html/exposition-sept-peches-capitaux.html", "text/peche-a-pied-les-regles.txt",
                               "text/ligue-2-saint-etienne-peche-a-la-finition.txt"}) {
            INFO("id: ", id);
            CHECK(std::find(all.begin(), all.end(), id) != all.end());
        }
    }
}

TEST_CASE("a day the query names favours the articles published that day or the day after") {
    TempDir dir;
    // Three reports of one strike; Tuesday's says "grève" twice more, so it ranks first on words alone.
    const std::string body = "Les contrôleurs de la SNCF ont cessé le travail à l'appel des syndicats. ";
    dir.write("in/greve.jsonl",
              "{\"id\": \"mardi\", \"date\": \"2024-04-16\", \"title\": \"Grève des contrôleurs\", \"body\": \"" +
                  body + "La grève est reconduite, grève totale.\"}\n"
                  "{\"id\": \"jeudi\", \"date\": \"2024-04-18\", \"title\": \"Grève des contrôleurs\", \"body\": \"" +
                  body + "\"}\n"
                  "{\"id\": \"vendredi\", \"date\": \"2024-04-19\", \"title\": \"Grève des contrôleurs\", \"body\": \"" +
                  body + "\"}\n");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    // Near-copies: --all-copies shows each.
    CHECK(search_ids(dir / "db", {"--all-copies", "grève contrôleurs"}).at(0) == "mardi");
    // Thursday: that day first, then the day after; the same for the day written as a date.
    CHECK(search_ids(dir / "db", {"--all-copies", "grève contrôleurs jeudi"}) == Ids{"jeudi", "vendredi", "mardi"});
    CHECK(search_ids(dir / "db", {"--all-copies", "grève des contrôleurs le 18 avril"}) ==
          Ids{"jeudi", "vendredi", "mardi"});
    // Through Enquire (a phrase) as term at a time.
    CHECK(search_ids(dir / "db", {"--all-copies", "\"grève des contrôleurs\" jeudi"}).at(0) == "jeudi");
    // --explain names the bonus.
    const RunResult r =
        run_searcher({"--db", dir / "db", "--all-copies", "--explain", "--limit", "1", "grève contrôleurs jeudi"});
    REQUIRE(r.exit_code == 0);
    CHECK(lines_with(r.out, "a day the query names").size() == 1);
}

// ---- Robustness (issue 12) and forgiving queries (issue 13) ----

namespace {

// Writes a --queries file of `lines` (one per line) and returns its path.
std::string queries_file(const TempDir& dir, const std::string& name, const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    return dir.write(name, text);
}

// The qids of a --format trec run's lines.
std::set<std::string> trec_qids(const std::string& out) {
    std::set<std::string> qids;
    for (const std::string& line : lines_of(out)) qids.insert(line.substr(0, line.find(' ')));
    return qids;
}

}  // namespace

TEST_CASE("deeply nested parentheses: read as words by default, an error with --strict, never a crash") {
    const std::string deep = std::string(10000, '(') + "accord" + std::string(10000, ')');
    const RunResult lenient = run_searcher({"--db", corpus_db(), "--format", "json", deep});
    INFO(lenient.err.substr(0, 500));
    CHECK(lenient.exit_code == 0);
    CHECK(ids_of(parse_json_lines(lenient.out)) == ids_of(search_json(corpus_db(), {"accord"})));
    CHECK(lines_of(lenient.err).size() == 1);  // one short notice
    CHECK(contains(lenient.err, "nested"));

    const RunResult strict = run_searcher({"--db", corpus_db(), "--strict", deep});
    CHECK(strict.exit_code == 2);
    CHECK(contains(strict.err, "nested"));
    CHECK(strict.err.size() < 1000);  // the echo is cut around the problem

    // In --queries mode the other lines run.
    TempDir dir;
    const std::string file = queries_file(dir, "q.tsv", {"q1\t" + deep, "q2\tdrone", "q3\t" + std::string(10000, '(')});
    const RunResult run = run_searcher({"--db", corpus_db(), "--queries", file, "--format", "trec", "--strict"});
    CHECK(run.exit_code == 1);
    CHECK(trec_qids(run.out) == std::set<std::string>{"q2"});
}

TEST_CASE("wildcards: at most a few words with * a query, each expanded to a bounded number of words") {
    std::string many;
    for (int i = 0; i < 50; ++i) many += "a* ";
    const RunResult lenient = run_searcher({"--db", corpus_db(), "--limit", "1", many});
    CHECK(lenient.exit_code == 0);
    CHECK(lines_of(lenient.err).size() == 1);
    CHECK(contains(lenient.err, "*"));
    const RunResult strict = run_searcher({"--db", corpus_db(), "--strict", many});
    CHECK(strict.exit_code == 2);
    CHECK(contains(strict.err, "at most"));
    // A few are fine.
    const RunResult few = run_searcher({"--db", corpus_db(), "--strict", "presiden* accor* dron*"});
    CHECK(few.exit_code == 0);
    CHECK(few.err.empty());
}

TEST_CASE("--queries: a failed line names its qid and line number, the others run, exit code 1") {
    TempDir dir;
    const std::string file = queries_file(dir, "q.tsv",
                                          {"q1\taccord",
                                           "q2\taccord\tdemain",          // a date column that is no date
                                           "q3\tdrone\t2025\t2024",       // a reversed date range
                                           "q4\taccord date:2024-13",     // a date: that is no date
                                           "q5\tdrone"});
    for (const std::string format : {"trec", "json", "text"}) {
        CAPTURE(format);
        const RunResult r = run_searcher({"--db", corpus_db(), "--queries", file, "--format", format});
        CHECK(r.exit_code == 1);
        const auto errors = lines_with(r.err, "searcher: query ");
        CHECK(errors.size() == 3);
        CHECK(lines_with(r.err, "q2 (line 2)").size() == 1);
        CHECK(contains(r.err, "demain"));
        CHECK(lines_with(r.err, "q3 (line 3)").size() == 1);
        CHECK(contains(r.err, "before"));
        CHECK(lines_with(r.err, "q4 (line 4)").size() == 1);
        for (const std::string& line : lines_of(r.err)) CHECK_FALSE(contains(line.substr(1), "searcher:"));
        if (format == "trec") CHECK(trec_qids(r.out) == std::set<std::string>{"q1", "q5"});
        if (format == "text") CHECK(lines_with(r.out, "query q").size() == 2);
    }
    // --bench: the failed lines named, not timed, and counted.
    const RunResult bench = run_searcher({"--db", corpus_db(), "--queries", file, "--bench"});
    CHECK(bench.exit_code == 1);
    REQUIRE(lines_of(bench.out).size() == 1);
    const json figures = json::parse(lines_of(bench.out)[0]);
    CHECK(figures.at("queries") == 2);
    CHECK(figures.at("failed") == 3);
    CHECK(lines_with(bench.err, "q2 (line 2)").size() == 1);
    // --qrels, timed or not: each failed line named once, scored as finding nothing, exit code 1.
    const std::string qrels = dir.write("q.qrels", "q1 0 fns-0005 1\nq5 0 fns-0001 1\n");
    for (const bool timed : {false, true}) {
        CAPTURE(timed);
        std::vector<std::string> args = {"--db", corpus_db(), "--queries", file, "--qrels", qrels};
        if (timed) args.push_back("--bench");
        const RunResult scored = run_searcher(args);
        CHECK(scored.exit_code == 1);
        CHECK(lines_with(scored.err, "searcher: query ").size() == 3);
        CHECK(lines_with(scored.err, "q2 (line 2)").size() == 1);
    }
    // Every line good: exit 0, "failed": 0.
    const std::string good = queries_file(dir, "good.tsv", {"q1\taccord", "q2\t\"pas fermé"});
    CHECK(run_searcher({"--db", corpus_db(), "--queries", good}).exit_code == 0);
    const RunResult good_bench = run_searcher({"--db", corpus_db(), "--queries", good, "--bench"});
    CHECK(good_bench.exit_code == 0);
    CHECK(json::parse(lines_of(good_bench.out).at(0)).at("failed") == 0);
}

TEST_CASE("a reversed date range is an error on the command line and in --queries alike") {
    CHECK(run_searcher({"--db", corpus_db(), "--from", "2025", "--to", "2024", "accord"}).exit_code == 2);
    CHECK(run_searcher({"--db", corpus_db(), "accord date:2025..2024"}).exit_code == 2);
    TempDir dir;
    const RunResult r = run_searcher(
        {"--db", corpus_db(), "--queries", queries_file(dir, "q.tsv", {"q1\taccord\t2025\t2024"}), "--format", "trec"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "q1 (line 1)"));
    CHECK(r.out.empty());
}

TEST_CASE("a date-only query reports the true number of matches, not the page size") {
    const size_t articles = date_search({"date:2024"}).size();  // every copy listed apart
    REQUIRE(articles == 16);
    const RunResult r = run_searcher({"--db", corpus_db(), "--limit", "2", "date:2024"});
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "16 matches, showing 1-2"));
    const auto hits = search_json(corpus_db(), {"--limit", "2", "date:2024"});
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].at("matches_estimated") == 16);
}

TEST_CASE("an empty page says how many articles match") {
    const size_t matches = search_json(corpus_db(), {"--all-copies", "--limit", "100", "accord"}).size();
    REQUIRE(matches > 1);
    const std::string count = std::to_string(matches) + " matches";
    const RunResult none = run_searcher({"--db", corpus_db(), "--limit", "0", "accord"});
    CHECK(none.exit_code == 0);
    CHECK(contains(none.out, count));
    CHECK(contains(none.out, "--limit 0"));
    CHECK_FALSE(contains(none.out, "No article matches"));
    const RunResult past = run_searcher({"--db", corpus_db(), "--offset", "50", "accord"});
    CHECK(past.exit_code == 0);
    CHECK(contains(past.out, count));
    CHECK(contains(past.out, "--offset 50"));
    CHECK_FALSE(contains(past.out, "No article matches"));
}

TEST_CASE("TREC runs percent-encode ids with spaces, tabs, newlines or %") {
    TempDir dir;
    dir.write("in/odd.jsonl",
              "{\"id\": \"une dépêche\", \"title\": \"Tempête\", \"body\": \"La tempête arrive.\"}\n"
              "{\"id\": \"ligne\\nsuivante\", \"title\": \"Tempête\", \"body\": \"Une autre tempête, plus loin.\"}\n"
              "{\"id\": \"100%\\tsûr\", \"title\": \"Tempête\", \"body\": \"Encore une tempête ailleurs en mer.\"}\n");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    const RunResult r = run_searcher({"--db", dir / "db", "--format", "trec", "--all-copies", "tempête"});
    REQUIRE(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 3);
    std::set<std::string> ids;
    for (const std::string& line : lines) {
        std::istringstream in(line);
        std::vector<std::string> columns;
        for (std::string column; in >> column;) columns.push_back(column);
        CHECK(columns.size() == 6);
        ids.insert(columns.at(2));
    }
    CHECK(ids == std::set<std::string>{"une%20dépêche", "ligne%0Asuivante", "100%25%09sûr"});
    // A qid with a space is encoded too.
    const RunResult q = run_searcher(
        {"--db", dir / "db", "--format", "trec", "--queries", queries_file(dir, "q.tsv", {"q 1\ttempête"})});
    REQUIRE(q.exit_code == 0);
    for (const std::string& line : lines_of(q.out)) CHECK(line.starts_with("q%201 Q0 "));
}

TEST_CASE("JSON highlights: byte offsets, character offsets and the highlighted text") {
    const auto hits = search_json(corpus_db(), {"--limit", "20", "etats"});
    REQUIRE_FALSE(hits.empty());
    size_t checked = 0;
    for (const json& hit : hits) {
        const std::string snippet = hit.at("snippet");
        const auto bytes = hit.at("highlights");
        const auto chars = hit.at("highlights_chars");
        const auto texts = hit.at("highlighted");
        REQUIRE(bytes.size() == chars.size());
        REQUIRE(bytes.size() == texts.size());
        // Code points: the snippet decoded to UTF-32.
        std::vector<size_t> char_at_byte(snippet.size() + 1, 0);
        size_t characters = 0;
        for (size_t i = 0; i < snippet.size(); ++i) {
            char_at_byte[i] = characters;
            if ((static_cast<unsigned char>(snippet[i]) & 0xC0) != 0x80) ++characters;
            char_at_byte[i + 1] = characters;
        }
        for (size_t i = 0; i < bytes.size(); ++i) {
            const size_t begin = bytes[i].at(0), end = bytes[i].at(1);
            CHECK(texts[i] == snippet.substr(begin, end - begin));
            CHECK(chars[i].at(0) == char_at_byte[begin]);
            CHECK(chars[i].at(1) == char_at_byte[end]);
            ++checked;
        }
    }
    CHECK(checked > 0);
}

TEST_CASE("messages: nothing to search for, a copy folded in, no field-like suggestion") {
    for (const char* query : {"😀", "!!!", "C++", "*"}) {
        CAPTURE(query);
        const RunResult r = run_searcher({"--db", corpus_db(), query});
        CHECK(r.exit_code == 0);
        CHECK(contains(r.err, "nothing to search for"));
        CHECK_FALSE(contains(r.err, "stop words"));
    }
    const RunResult stop = run_searcher({"--db", corpus_db(), "le la les"});
    CHECK(contains(stop.err, "only stop words"));
    // "2 matches, showing 1-1": the second is a copy, and the header says so.
    const RunResult pair = run_searcher({"--db", corpus_db(), "canicule"});
    CHECK(contains(pair.out, "2 matches, showing 1-1 (+1 copy"));
    // An unknown field is never rewritten into another field-like word.
    const RunResult field = run_searcher({"--db", corpus_db(), "foo:bar"});
    CHECK(field.exit_code == 0);
    CHECK_FALSE(contains(field.out, "Did you mean"));
    CHECK(contains(run_searcher({"--db", corpus_db(), "acorrd"}).out, "Did you mean: accord"));
    // A 133 KB pasted query with a stray quote: the echo is cut around the problem. (Given as many
    // arguments: Linux limits one argument to 128 KB.)
    std::vector<std::string> pasted = {"--db", corpus_db(), "--limit", "1"};
    for (size_t size = 0; size < 133000; size += 64) pasted.push_back("Le gouvernement a présenté son accord aux partenaires.");
    pasted.push_back("\"" + std::string(200, 'x'));
    std::vector<std::string> strict_args = pasted;
    strict_args.push_back("--strict");
    const RunResult strict = run_searcher(strict_args);
    CHECK(strict.exit_code == 2);
    CHECK(strict.err.size() < 1000);
    const auto lines = lines_of(strict.err);
    REQUIRE(lines.size() == 3);
    // The caret stands under the quote (counting characters, not bytes).
    const size_t caret = lines[2].find('^');
    REQUIRE(caret != std::string::npos);
    size_t byte = 0;
    for (size_t characters = 0; byte < lines[1].size(); ++byte) {
        if ((static_cast<unsigned char>(lines[1][byte]) & 0xC0) == 0x80) continue;
        if (characters++ == caret) break;
    }
    CHECK(lines[1].substr(byte, 1) == "\"");
    const RunResult lenient = run_searcher(pasted);
    CHECK(lenient.exit_code == 0);
    CHECK(lenient.err.size() < 1000);
}

TEST_CASE("forgiving by default: what a person types or pastes is searched, and --strict keeps the errors") {
    // The README's query table.
    for (const char* query : {"accord etats unis", "\"accord de paix\"", "«accord de paix»", "États-Unis",
                              "niger AND mali", "niger ET mali", "niger OR mali", "niger OU mali", "niger NOT mali",
                              "niger SAUF mali", "+niger -mali drone", "presiden*", "titre:niger",
                              "title:\"coup d'État\"", "source:afp", "date:2024", "date:2024-04",
                              "date:2024-04-01..2024-04-30", "date:2024-04..2024-06", "date:..2023-12-31",
                              "date:2024-01-01..", "grève contrôleurs jeudi", "sommet le 2 juin"}) {
        CAPTURE(query);
        for (const bool strict : {false, true}) {
            std::vector<std::string> args = {"--db", corpus_db(), query};
            if (strict) args.push_back("--strict");
            const RunResult r = run_searcher(args);
            CHECK(r.exit_code == 0);
            CHECK(r.err.empty());
        }
    }
    struct Lenient {
        const char* query;
        const char* same_as;  // the query it is read as
    };
    for (const Lenient& row : std::vector<Lenient>{{"Brexit : Theresa May ET", "Brexit Theresa May"},
                                                   {"-accord", "accord"},
                                                   {"«", ""},
                                                   {"\"accord de paix", "\"accord de paix\""},
                                                   {"accord \"de paix", "accord \"de paix\""},
                                                   {"(accord OR drone", "accord OR drone"},
                                                   {"accord OR drone)", "accord OR drone"},
                                                   {"accord AND", "accord"},
                                                   {"accord ET", "accord"},
                                                   {"OR accord", "accord"},
                                                   {"NOT accord", "accord"},
                                                   {"drone NOT", "drone"},
                                                   {"accord AND OR drone", "accord drone"},
                                                   {"titre:", "titre"},
                                                   {"+) accord", "accord"}}) {
        CAPTURE(row.query);
        const RunResult r = run_searcher({"--db", corpus_db(), "--format", "json", "--all-copies", "--limit", "100", row.query});
        CHECK(r.exit_code == 0);
        CHECK(lines_with(r.err, "read leniently").size() == 1);  // one short notice
        CHECK(lines_of(r.err).size() == (*row.same_as ? 1 : 2));  // and "nothing to search for"
        if (*row.same_as)
            CHECK(ids_of(parse_json_lines(r.out)) == ids_of(date_search({row.same_as})));
        const RunResult strict = run_searcher({"--db", corpus_db(), "--strict", row.query});
        if (std::string(row.query) != "«") CHECK(strict.exit_code == 2);  // a lone « is an empty phrase
        if (strict.exit_code == 2) CHECK(lines_of(strict.err).size() == 3);  // the message, the query, the caret
    }
}

TEST_CASE("a --queries run answers every query while incremental indexer runs rewrite the database") {
    TempDir dir;
    // 40 files of 50 articles each; the indexer rewrites a few files each run.
    const std::vector<std::string> words = {"accord", "gouvernement", "ministre", "grève", "budget", "élection",
                                            "tempête", "marché", "réforme", "syndicat", "région", "école",
                                            "hôpital", "transport", "énergie", "climat", "football", "musée"};
    const auto write_file = [&](int file, int version) {
        std::string text;
        for (int i = 0; i < 50; ++i) {
            const int n = file * 50 + i;
            text += "{\"id\": \"a" + std::to_string(n) + "\", \"date\": \"2023-0" + std::to_string(1 + n % 9) +
                    "-1" + std::to_string(n % 10) + "\", \"title\": \"" + words[n % words.size()] + " " +
                    words[(n + version) % words.size()] + "\", \"body\": \"";
            for (int w = 0; w < 60; ++w) text += words[(n * 7 + w * 3 + version) % words.size()] + " ";
            text += "version " + std::to_string(version) + ".\"}\n";
        }
        dir.write("in/f" + std::to_string(file) + ".jsonl", text);
    };
    for (int file = 0; file < 40; ++file) write_file(file, 0);
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);

    constexpr int kQueries = 3000;
    std::vector<std::string> lines;
    for (int i = 0; i < kQueries; ++i) {
        std::string query = words[i % words.size()] + " " + words[(i * 5 + 1) % words.size()];
        if (i % 3 == 1) query = "\"" + query + "\"";  // Enquire too, not only term at a time
        if (i % 5 == 2) query += " date:2023";
        lines.push_back("q" + std::to_string(i) + "\t" + query);
    }
    const std::string file = queries_file(dir, "q.tsv", lines);
    Background searcher(FNS_SEARCHER, {"--db", dir / "db", "--queries", file, "--limit", "20"});
    int indexer_runs = 0, runs_while_searching = 0;
    for (int version = 1; searcher.running() && version < 500; ++version) {
        for (int k = 0; k < 8; ++k) {
            const int f = (version * 8 + k) % 40;
            write_file(f, version);
            touch_later(dir / ("in/f" + std::to_string(f) + ".jsonl"), version);
        }
        const RunResult indexed = run_indexer({"--db", dir / "db", dir / "in"});
        REQUIRE(indexed.exit_code == 0);
        ++indexer_runs;
        if (searcher.running()) ++runs_while_searching;
    }
    const auto code = searcher.wait_for(std::chrono::seconds(120));
    INFO("searcher stderr: ", searcher.err().substr(0, 2000));
    REQUIRE(code);
    CHECK(*code == 0);
    MESSAGE("indexer runs while the searcher ran: ", runs_while_searching);
    CHECK(runs_while_searching >= 2);
    CHECK(lines_with(searcher.out(), "query q").size() == kQueries);
}

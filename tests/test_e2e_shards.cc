// Shards searched as one: one database, shards built by --shards N, halves built apart by --shard K/N,
// stub files and remote shards served by xapian-tcpsrv rank alike; a remote shard that does not answer
// fails cleanly, or is left out with --allow-partial.
#include <doctest/doctest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "e2e_util.h"

using namespace fns::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kTcpServer = "/usr/bin/xapian-tcpsrv";
const std::string kOrangeSum = kSourceDir + "/../shared/data/orangesum";

// xapian-tcpsrv serving `db` on 127.0.0.1 at a free port, in a session of its own (on SIGTERM it signals
// its whole process group); stopped by PID when destroyed.
class ShardServer {
public:
    explicit ShardServer(const std::string& db) : port_(free_port()) {
        REQUIRE(port_ > 0);
        server_ = std::make_unique<Background>(
            kTcpServer, std::vector<std::string>{"--interface", "127.0.0.1", "--port", std::to_string(port_), db},
            /*new_session=*/true);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!accepts_connections(port_) && server_->running() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        INFO("xapian-tcpsrv stderr: ", server_->err());
        REQUIRE(accepts_connections(port_));
    }
    ~ShardServer() { stop(); }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    Background& process() { return *server_; }
    void stop() {
        if (!server_) return;
        ::kill(server_->pid(), SIGCONT);  // a stopped server must be able to take its SIGTERM
        server_->stop_group();
        server_.reset();
    }

private:
    int port_;
    std::unique_ptr<Background> server_;
};

// Each query's hits as (id, score) in rank order, from --queries ... --format json.
using Rankings = std::map<std::string, std::vector<std::pair<std::string, double>>>;

Rankings run_queries(const std::vector<std::string>& dbs, const std::string& queries,
                     const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args;
    for (const std::string& db : dbs) args.insert(args.end(), {"--db", db});
    args.insert(args.end(), {"--queries", queries, "--format", "json", "--timeout", "60", "--limit", "20", "--all-copies"});
    args.insert(args.end(), extra.begin(), extra.end());
    const RunResult r = run_searcher(args);
    INFO("searcher stderr: ", r.err);
    REQUIRE(r.exit_code == 0);
    Rankings rankings;
    for (const json& hit : parse_json_lines(r.out))
        rankings[hit.at("qid").get<std::string>()].emplace_back(hit.at("id").get<std::string>(),
                                                                hit.at("score").get<double>());
    return rankings;
}

// Same queries answered, same scores rank by rank (to rounding), same ids in the same order. Scores that
// agree to 1e-9 are a tie: the matchers add the same figures in another order on another layout, so the
// last bits differ and such a tie may come out in either order; its ids are compared as a set. The runs ask
// for 20 hits (a tie at the 10th place is then whole) and list copies apart (which copy stands for a group
// of near-ties is the same question).
void check_same_rankings(const Rankings& expected, const Rankings& actual, const std::string& layout) {
    INFO("layout: ", layout);
    REQUIRE(expected.size() == actual.size());
    constexpr size_t kCompared = 10;
    const auto tied = [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)); };
    for (const auto& [qid, hits] : expected) {
        INFO("query: ", qid);
        REQUIRE(actual.contains(qid));
        const auto& other = actual.at(qid);
        REQUIRE(hits.size() == other.size());
        for (size_t begin = 0; begin < std::min(kCompared, hits.size());) {
            size_t end = begin + 1;
            while (end < hits.size() && tied(hits[end].second, hits[begin].second)) ++end;
            std::multiset<std::string> ids, other_ids;
            for (size_t i = begin; i < end; ++i) {
                CHECK(hits[i].second == doctest::Approx(other[i].second).epsilon(1e-9));
                ids.insert(hits[i].first);
                other_ids.insert(other[i].first);
            }
            if (end < hits.size() || end - begin == 1) CHECK(ids == other_ids);  // a tie cut by the limit is not compared
            begin = end;
        }
    }
}

std::string stub(const TempDir& dir, const std::string& name, const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    return dir.write(name, text);
}

}  // namespace

TEST_CASE("equal scores rank newest first, then by id, in one database and in shards alike") {
    TempDir dir;
    // Eight copies of one report, dated over three days: all score the same.
    std::string records;
    for (int i = 0; i < 8; ++i)
        records += "{\"id\": \"art" + std::to_string(i) + "\", \"date\": \"2024-04-1" + std::to_string(i % 3) +
                   "\", \"title\": \"Grève\", \"body\": \"Les contrôleurs de la SNCF ont cessé le travail pour une "
                   "grève reconduite.\"}\n";
    dir.write("in/reports.jsonl", records);
    REQUIRE(run_indexer({"--db", dir / "one", dir / "in"}).exit_code == 0);
    REQUIRE(run_indexer({"--db", dir / "sharded", "--shards", "3", dir / "in"}).exit_code == 0);
    const std::vector<std::string> newest_first = {"art2", "art5", "art1", "art4", "art7", "art0", "art3", "art6"};
    // Term at a time (words) and Enquire (a phrase).
    for (const char* query : {"grève", "\"grève reconduite\""}) {
        CAPTURE(query);
        CHECK(search_ids(dir / "one", {"--all-copies", query}) == newest_first);
        CHECK(search_ids(dir / "sharded", {"--all-copies", query}) == newest_first);
        // The cut-off keeps the same ones, and the copy standing for the others is the same.
        CHECK(search_ids(dir / "sharded", {"--all-copies", "--limit", "3", query}) ==
              std::vector<std::string>(newest_first.begin(), newest_first.begin() + 3));
        CHECK(search_ids(dir / "one", {query}) == std::vector<std::string>{"art2"});
        CHECK(search_ids(dir / "sharded", {query}) == std::vector<std::string>{"art2"});
    }
}

TEST_CASE("--shards N writes N shards and a stub - re-runs, updates and deletions find each article's shard") {
    TempDir dir;
    copy_tree(kCorpusDir, dir / "in");
    const RunResult first = run_indexer({"--db", dir / "db", "--shards", "3", dir / "in"});
    INFO("indexer stderr: ", first.err);
    REQUIRE(first.exit_code == 0);
    const std::vector<std::string> all = all_ids(dir / "db");
    CHECK(all == all_ids(corpus_db()));
    size_t in_shards = 0;
    std::set<std::string> seen;
    for (const char* shard : {"shard1", "shard2", "shard3"}) {
        const auto ids = all_ids(dir / (std::string("db/") + shard));
        CHECK_FALSE(ids.empty());
        in_shards += ids.size();
        seen.insert(ids.begin(), ids.end());
    }
    CHECK(in_shards == all.size());  // each article in exactly one shard
    CHECK(seen.size() == all.size());

    // A re-run changes nothing; another shard count is refused.
    const auto again = parse_summary(run_indexer({"--db", dir / "db", "--shards", "3", dir / "in"}).out);
    REQUIRE(again);
    CHECK(again->articles_indexed == 0);
    CHECK(again->in_database == static_cast<long>(all.size()));
    CHECK(run_indexer({"--db", dir / "db", "--shards", "2", dir / "in"}).exit_code == 3);

    // A file removed: its articles leave whichever shard held them; the others stay.
    const auto jsonl = fs::directory_iterator(dir / "in/jsonl");
    const fs::path removed = jsonl->path();
    const size_t before = all.size();
    fs::remove(removed);
    const auto after = parse_summary(run_indexer({"--db", dir / "db", "--shards", "3", dir / "in"}).out);
    REQUIRE(after);
    CHECK(after->deleted > 0);
    CHECK(doc_count(dir / "db") == before - static_cast<size_t>(after->deleted));
    // A directory that holds something else is not written in.
    dir.write("other/notes.txt", "mine");
    CHECK(run_indexer({"--db", dir / "other", "--shards", "2", dir / "in"}).exit_code == 3);
    CHECK(fs::exists(dir / "other/notes.txt"));
}

// The acceptance test of the layouts: real articles, a hundred and more queries (long ones from the
// development set, short ones from titles, some with date filters, many naming a day).
TEST_CASE("one database, --shards 3, remote shards and halves built apart rank alike - failing shards") {
    if (!fs::exists(kOrangeSum + "/articles.jsonl.xz") || !fs::exists(kOrangeSum + "/known-item-dev.jsonl")) {
        MESSAGE("skipped: ../shared/data/orangesum (articles.jsonl.xz, known-item-dev.jsonl) is absent");
        return;
    }
    if (!fs::exists(kTcpServer)) {
        MESSAGE("skipped: xapian-tcpsrv is not installed (Debian package xapian-tools)");
        return;
    }
    TempDir dir;
    constexpr int kArticles = 3000;
    fs::create_directories(dir / "in");
    REQUIRE(run("/bin/sh", {"-c", "xz -dc '" + kOrangeSum + "/articles.jsonl.xz' | head -n " +
                                      std::to_string(kArticles) + " > '" + (dir / "in/articles.jsonl") + "'"})
                .exit_code == 0);
    // Queries: the development queries of these articles (long, a third name a weekday, a third with the
    // month of the article as a date range), short ones made of two title words, half of them with a
    // weekday, a third with the year of the article as a date range.
    std::map<std::string, std::string> date_of;  // id -> date
    std::vector<json> articles;
    {
        std::ifstream in(dir / "in/articles.jsonl");
        for (std::string line; std::getline(in, line);) {
            articles.push_back(json::parse(line));
            date_of[articles.back().at("id").get<std::string>()] = articles.back().value("date", "");
        }
    }
    std::string queries;
    size_t count = 0;
    {
        std::ifstream in(kOrangeSum + "/known-item-dev.jsonl");
        for (std::string line; std::getline(in, line) && count < 80;) {
            const json q = json::parse(line);
            const auto target = date_of.find(q.at("target").get<std::string>());
            if (target == date_of.end()) continue;
            const std::string& date = target->second;
            // The month of the article as a date range, on a third of them. Not on quoted phrases: with a filter,
            // Xapian's matcher gives phrases weights that change with the layout and the number of hits asked
            // for (docs/BENCHMARKS.md, scale section).
            const std::string query = q.at("query").get<std::string>();
            const bool filtered = count % 3 == 0 && date.size() >= 7 && query.find('"') == std::string::npos;
            queries += q.at("qid").get<std::string>() + "\t" + query +
                       (filtered ? "\t" + date.substr(0, 7) + "\t" + date.substr(0, 7) : "") + "\n";
            ++count;
        }
    }
    const char* days[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
    for (size_t i = 0; i < 80 && i * 37 < articles.size(); ++i) {
        const json& article = articles[i * 37];
        std::istringstream words(article.at("title").get<std::string>());
        std::string a, b;
        words >> a >> b;
        std::string query = a + " " + b + (i % 2 ? std::string(" ") + days[i % 7] : "");
        const std::string date = article.value("date", "");
        const bool filtered = i % 3 == 0 && date.size() >= 4;
        queries += "short-" + std::to_string(i) + "\t" + query +
                   (filtered ? "\t" + date.substr(0, 4) + "\t" + date.substr(0, 4) : "") + "\n";
        ++count;
    }
    REQUIRE(count >= 100);
    const std::string queries_file = dir.write("queries.tsv", queries);

    REQUIRE(run_indexer({"--db", dir / "one", "-q", dir / "in"}).exit_code == 0);
    REQUIRE(run_indexer({"--db", dir / "sharded", "-q", "--shards", "3", dir / "in"}).exit_code == 0);
    REQUIRE(run_indexer({"--db", dir / "half1", "-q", "--shard", "1/2", dir / "in"}).exit_code == 0);
    REQUIRE(run_indexer({"--db", dir / "half2", "-q", "--shard", "2/2", dir / "in"}).exit_code == 0);
    CHECK(doc_count(dir / "half1") + doc_count(dir / "half2") == doc_count(dir / "one"));

    ShardServer first(dir / "sharded/shard1");
    ShardServer second(dir / "sharded/shard2");
    const std::string remote = stub(dir, "remote.stub", {"remote " + first.address(), "remote " + second.address(),
                                                         "auto " + (dir / "sharded/shard3")});
    const std::string halves = stub(dir, "halves.stub", {"auto half1", "auto half2"});

    const Rankings expected = run_queries({dir / "one"}, queries_file);
    REQUIRE(expected.size() >= 100);
    check_same_rankings(expected, run_queries({dir / "sharded"}, queries_file), "--shards 3");
    check_same_rankings(expected, run_queries({remote}, queries_file), "2 remote + 1 local shard");
    check_same_rankings(expected, run_queries({halves}, queries_file), "--shard 1/2 and 2/2");
    check_same_rankings(expected, run_queries({dir / "half1", dir / "half2"}, queries_file), "--db half1 --db half2");
    // Also the other features over remote shards: sorted by date, and month facets.
    for (const std::vector<std::string>& options : std::vector<std::vector<std::string>>{
             {"--sort", "date", "gouvernement"}, {"--facets", "--format", "text", "gouvernement"}}) {
        CAPTURE(options);
        std::vector<std::string> local = {"--db", dir / "one", "--limit", "20"}, mixed = {"--db", remote, "--limit", "20"};
        local.insert(local.end(), options.begin(), options.end());
        mixed.insert(mixed.end(), options.begin(), options.end());
        const RunResult a = run_searcher(local), b = run_searcher(mixed);
        REQUIRE(a.exit_code == 0);
        REQUIRE(b.exit_code == 0);
        // The first line says how many match: Xapian's estimate, which depends on the layout.
        CHECK(a.out.substr(a.out.find('\n')) == b.out.substr(b.out.find('\n')));
    }

    // The ids of the hits when shard1's server is missing: none of them in shard1.
    const std::vector<std::string> shard1_ids = all_ids(dir / "sharded/shard1");
    const std::set<std::string> in_shard1(shard1_ids.begin(), shard1_ids.end());

    // A stopped (hung) server: the clear error within the timeout, or the others' hits with --allow-partial.
    ::kill(first.process().pid(), SIGSTOP);
    const auto start = std::chrono::steady_clock::now();
    const RunResult hung = run_searcher({"--db", remote, "--timeout", "2", "gouvernement"});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(hung.exit_code == 4);
    CHECK(contains(hung.err, "remote " + first.address()));
    CHECK(contains(hung.err, "did not answer"));
    CHECK(seconds < 10);
    const RunResult partial =
        run_searcher({"--db", remote, "--timeout", "2", "--allow-partial", "--format", "json", "--limit", "50", "gouvernement"});
    REQUIRE(partial.exit_code == 0);
    CHECK(contains(partial.err, "not searched: remote " + first.address()));
    const auto hits = parse_json_lines(partial.out);
    REQUIRE_FALSE(hits.empty());
    for (const json& hit : hits) {
        CHECK_FALSE(in_shard1.contains(hit.at("id").get<std::string>()));
        REQUIRE(hit.contains("missing_shards"));
        CHECK(hit.at("missing_shards").size() == 1);
        CHECK(contains(hit.at("missing_shards").at(0).get<std::string>(), "remote " + first.address()));
    }
    const RunResult partial_text = run_searcher({"--db", remote, "--timeout", "2", "--allow-partial", "gouvernement"});
    REQUIRE(partial_text.exit_code == 0);
    CHECK(lines_with(partial_text.out, "Not searched").size() == 1);

    // A killed server: the clear error at once.
    first.stop();
    const RunResult down = run_searcher({"--db", remote, "--timeout", "2", "gouvernement"});
    CHECK(down.exit_code == 4);
    CHECK(contains(down.err, "remote " + first.address()));
    const RunResult down_partial = run_searcher({"--db", remote, "--allow-partial", "--format", "json", "gouvernement"});
    REQUIRE(down_partial.exit_code == 0);
    CHECK_FALSE(parse_json_lines(down_partial.out).empty());
}

TEST_CASE("the synthetic news generator is deterministic") {
    if (!fs::exists(kOrangeSum + "/articles.jsonl.xz")) {
        MESSAGE("skipped: ../shared/data/orangesum/articles.jsonl.xz is absent");
        return;
    }
    const std::string generator = kSourceDir + "/bench/synth_news.py";
    const std::string source = kOrangeSum + "/articles.jsonl.xz";
    const RunResult first = run("/usr/bin/python3", {generator, "articles", "200", "--source", source});
    const RunResult second = run("/usr/bin/python3", {generator, "articles", "200", "--source", source});
    INFO("generator stderr: ", first.err);
    REQUIRE(first.exit_code == 0);
    REQUIRE(second.exit_code == 0);
    CHECK(first.out == second.out);
    const auto records = parse_json_lines(first.out);
    REQUIRE(records.size() == 200);
    std::set<std::string> bodies;
    for (size_t i = 0; i < records.size(); ++i) {
        CHECK(records[i].at("id") == "synth-" + std::to_string(i));
        const std::string date = records[i].at("date");
        CHECK(date >= "2015-01-01");
        CHECK(date <= "2025-01-01");
        CHECK_FALSE(records[i].at("body").get<std::string>().empty());
        bodies.insert(records[i].at("body").get<std::string>());
    }
    CHECK(bodies.size() == records.size());
}

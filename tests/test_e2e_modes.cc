// The searcher's modes beyond one query, on real indexes: --show, --like, --stats, --version, --facets
// source, --qrels, --queries -, --, "did you mean" with a few hits, and the interactive prompt driven in a
// pseudo-terminal.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "e2e_util.h"
#include "schema.h"

#include <fmt/format.h>

using namespace fns::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kCanicule = "fns-0005";      // syndicated pair with fns-0015
const std::string kCaniculeCopy = "fns-0015";
const std::string kDrones = "text/drones-feux-de-foret-sud-est.txt";

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The searcher in a pseudo-terminal, as a person at a keyboard would run it.
class Terminal {
public:
    Terminal(const std::vector<std::string>& args, const std::string& home) {
        struct winsize size = {40, 200, 0, 0};
        pid_ = ::forkpty(&master_, nullptr, nullptr, &size);
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::setenv("HOME", home.c_str(), 1);
            ::setenv("TERM", "xterm", 1);
            std::vector<char*> argv;
            const std::string program = FNS_SEARCHER;
            argv.push_back(const_cast<char*>(program.c_str()));
            for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
            argv.push_back(nullptr);
            ::execv(program.c_str(), argv.data());
            ::_exit(127);
        }
    }
    ~Terminal() {
        if (pid_ > 0 && !exit_code_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (master_ >= 0) ::close(master_);
    }
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    // Types `keys` (a line needs its "\r", Enter on a terminal) once the prompt reads keys, as a person
    // does. libedit prints the prompt before it leaves the cooked mode, and a Ctrl-D typed in the cooked
    // mode is the line discipline's end of file, which libedit later reads as a NUL.
    void type(const std::string& keys) {
        wait_for_edit_mode();
        REQUIRE(::write(master_, keys.data(), keys.size()) == static_cast<ssize_t>(keys.size()));
    }
    // What the program wrote until `text` appeared (included), from where the last call stopped. Fails
    // the test after 60 s without it.
    std::string until(const std::string& text) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            if (const size_t found = pending_.find(text); found != std::string::npos) {
                std::string out = pending_.substr(0, found + text.size());
                pending_.erase(0, found + text.size());
                return out;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) FAIL("no \"" << text << "\" in the terminal; it shows: " << pending_);
            struct pollfd ready = {master_, POLLIN, 0};
            if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) continue;
            char buffer[4096];
            const ssize_t got = ::read(master_, buffer, sizeof buffer);
            if (got <= 0) FAIL("the terminal closed before \"" << text << "\"; it showed: " << pending_);
            pending_.append(buffer, static_cast<size_t>(got));
        }
    }
    // Types a line at the prompt; what it printed until the next prompt.
    std::string command(const std::string& line) {
        type(line + "\r");
        return until("search> ");
    }
    // Types `keys` that end the program; its exit code. Fails after 60 s.
    int type_to_exit(const std::string& keys) {
        type(keys);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                return *exit_code_;
            }
            if (std::chrono::steady_clock::now() > deadline) FAIL("the program did not exit; it shows: " << pending_);
            struct pollfd ready = {master_, POLLIN, 0};  // keep what it writes, so that it never blocks
            char buffer[4096];
            if (::poll(&ready, 1, 100) > 0) {
                const ssize_t got = ::read(master_, buffer, sizeof buffer);
                if (got > 0) pending_.append(buffer, static_cast<size_t>(got));
            }
        }
    }

private:
    pid_t pid_ = -1;
    int master_ = -1;
    std::string pending_;
    std::optional<int> exit_code_;

    // Until the terminal leaves the cooked (canonical) mode; fails after 60 s.
    void wait_for_edit_mode() const {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            struct termios mode {};
            REQUIRE(::tcgetattr(master_, &mode) == 0);
            if ((mode.c_lflag & ICANON) == 0) return;
            if (std::chrono::steady_clock::now() > deadline) FAIL("the prompt never left the cooked mode");
            ::usleep(1000);
        }
    }
};

// A small index whose word "gouvernement" is misspelt "gouvernment" in two articles out of thirty.
std::string misspelt_db(const TempDir& dir) {
    std::string records;
    for (int i = 0; i < 30; ++i) {
        const std::string word = i < 2 ? "gouvernment" : "gouvernement";
        records += json{{"id", "a" + std::to_string(i)}, {"date", "2024-01-01"}, {"title", "Article " + std::to_string(i)},
                        {"body", "Le " + word + " annonce une mesure numéro " + std::to_string(i) + " pour la région."}}
                       .dump() + "\n";
    }
    dir.write("corpus/records.jsonl", records);
    const std::string db = dir / "db";
    REQUIRE(run_indexer({"--db", db, dir / "corpus"}).exit_code == 0);
    return db;
}

}  // namespace

TEST_CASE("--show prints the whole stored article, as text and as JSON - an unknown id exits 1") {
    const RunResult text = run_searcher({"--db", corpus_db(), "--show", kCanicule});
    INFO(text.err);
    REQUIRE(text.exit_code == 0);
    const auto first = search_json(corpus_db(), {"--all-copies", "--limit", "100", "canicule"});
    const auto hit = std::find_if(first.begin(), first.end(), [](const json& h) { return h.at("id") == kCanicule; });
    REQUIRE(hit != first.end());
    CHECK(lines_of(text.out).at(0) == hit->at("title").get<std::string>());
    CHECK(contains(text.out, "date    2024-08-10\n"));
    CHECK(contains(text.out, "source  Le Quotidien des Régions\n"));
    CHECK(contains(text.out, "url     " + hit->at("url").get<std::string>() + "\n"));
    CHECK(contains(text.out, "path    " + hit->at("path").get<std::string>() + "\n"));
    CHECK(contains(text.out, "id      fns-0005\n"));
    CHECK(contains(text.out, "Météo-France a placé samedi douze départements"));  // the body's first words
    CHECK(contains(text.out, "selon les prévisionnistes."));                    // and its last

    const RunResult as_json = run_searcher({"--db", corpus_db(), "--show", kDrones, "--format", "json"});
    REQUIRE(as_json.exit_code == 0);
    const auto records = parse_json_lines(as_json.out);
    REQUIRE(records.size() == 1);
    const json& record = records[0];
    CHECK(record.at("id") == kDrones);
    CHECK(record.at("date") == "2024-04-19");
    CHECK(record.at("url").is_null());
    CHECK(record.at("path").get<std::string>().ends_with(kDrones));
    CHECK(contains(record.at("body").get<std::string>(), "drones"));
    CHECK_FALSE(contains(record.at("body").get<std::string>(), "Recent Posts"));  // stored without boilerplate

    const RunResult missing = run_searcher({"--db", corpus_db(), "--show", "no-such-article"});
    CHECK(missing.exit_code == 1);
    CHECK(contains(missing.err, "no-such-article"));
    CHECK(missing.out.empty());
}

TEST_CASE("text results show where to read each hit: its url, or its file") {
    const RunResult r = run_searcher({"--db", corpus_db(), "--color", "never", "--all-copies", "canicule"});
    REQUIRE(r.exit_code == 0);
    for (const json& hit : search_json(corpus_db(), {"--all-copies", "canicule"})) {
        CAPTURE(hit.at("id"));
        CHECK(contains(r.out, "     " + hit.at("url").get<std::string>() + "\n"));
    }
    const RunResult file = run_searcher({"--db", corpus_db(), "--color", "never", "titre:drones"});
    CHECK(contains(file.out, (fs::path(kCorpusDir) / kDrones).string()));
}

TEST_CASE("--like ranks the articles closest to one, without it and its near-duplicate copies") {
    const auto like = search_json(corpus_db(), {"--like", kCanicule, "--all-copies", "--limit", "100"});
    REQUIRE_FALSE(like.empty());
    std::vector<std::string> ids;
    for (const json& hit : like) ids.push_back(hit.at("id"));
    CHECK(std::find(ids.begin(), ids.end(), kCanicule) == ids.end());
    CHECK(std::find(ids.begin(), ids.end(), kCaniculeCopy) == ids.end());  // its syndicated copy
    // The copy's own "like" leaves the original out in turn, and finds the same closest articles.
    const auto like_copy = search_json(corpus_db(), {"--like", kCaniculeCopy, "--all-copies", "--limit", "3"});
    for (const json& hit : like_copy) CHECK(hit.at("id") != kCanicule);
    // The closest to the drone article is about fires or drones: it shares its telling words.
    const auto drones = search_json(corpus_db(), {"--like", kDrones, "--limit", "1"});
    REQUIRE(drones.size() == 1);
    const std::string closest = drones[0].at("title").get<std::string>() + " " + drones[0].at("snippet").get<std::string>();
    CHECK((contains(closest, "drone") || contains(closest, "feu") || contains(closest, "incendie")));
    // Date limits apply as to any query.
    for (const json& hit : search_json(corpus_db(), {"--like", kDrones, "--from", "2024-01-01", "--limit", "100"}))
        CHECK(hit.at("date").get<std::string>() >= "2024-01-01");
    CHECK(run_searcher({"--db", corpus_db(), "--like", "no-such-article"}).exit_code == 1);
    CHECK(run_searcher({"--db", corpus_db(), "--like", kDrones, "drones"}).exit_code == 2);  // one thing at a time
}

TEST_CASE("--stats tells what is indexed, as text and as JSON") {
    const RunResult r = run_searcher({"--db", corpus_db(), "--stats", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json stats = json::parse(r.out);
    CHECK(stats.at("articles") == doc_count(corpus_db()));
    CHECK(stats.at("articles") == 38);
    CHECK(stats.at("undated") == 2);  // peche-a-pied and fns-0008
    CHECK(stats.at("schema_version") == std::to_string(fns::schema::kSchemaVersion));
    size_t per_year = 0;
    for (const auto& [year, count] : stats.at("per_year").items()) per_year += count.get<size_t>();
    CHECK(per_year + 2 == 38);
    CHECK(stats.at("per_year").at("2024") == 16);
    size_t per_source = 0;
    std::map<std::string, size_t> sources;
    for (const json& source : stats.at("per_source")) {
        per_source += source.at("articles").get<size_t>();
        if (source.at("source").is_string()) sources[source.at("source")] = source.at("articles");
    }
    CHECK(per_source == 38);
    CHECK(sources["Le Quotidien des Régions"] >= 1);
    CHECK(stats.at("duplicate_groups").get<int>() >= 1);  // canicule's syndicated pair at least
    CHECK(stats.at("size_bytes").get<long>() > 0);
    CHECK(stats.at("first_date").get<std::string>() < stats.at("last_date").get<std::string>());

    const RunResult text = run_searcher({"--db", corpus_db(), "--stats"});
    REQUIRE(text.exit_code == 0);
    CHECK(contains(text.out, "articles          38\n"));
    CHECK(contains(text.out, "undated           2\n"));
    CHECK(contains(text.out, fmt::format("schema version    {}\n", fns::schema::kSchemaVersion)));
    CHECK(contains(text.out, "per year\n"));
    CHECK(contains(text.out, "per source\n"));
}

TEST_CASE("--version on both programs: one version string") {
    const RunResult searcher = run_searcher({"--version"});
    const RunResult indexer = run_indexer({"--version"});
    REQUIRE(searcher.exit_code == 0);
    REQUIRE(indexer.exit_code == 0);
    CHECK(searcher.out.starts_with("searcher "));
    CHECK(indexer.out.starts_with("indexer "));
    CHECK(searcher.out.substr(std::string("searcher").size()) == indexer.out.substr(std::string("indexer").size()));
    CHECK(contains(searcher.out, fmt::format("index schema {}", fns::schema::kSchemaVersion)));
}

TEST_CASE("--facets source counts the matches by source - --facets alone and --facets month by month") {
    const RunResult sources = run_searcher({"--db", corpus_db(), "--all-copies", "--facets", "source", "canicule"});
    INFO(sources.err);
    REQUIRE(sources.exit_code == 0);
    CHECK(contains(sources.out, "By source:\n"));
    CHECK(contains(sources.out, "       1  Le Quotidien des Régions\n"));
    CHECK(contains(sources.out, "       1  Info Régions\n"));
    CHECK_FALSE(contains(sources.out, "By month:"));
    for (const std::vector<std::string>& facets : {std::vector<std::string>{"--facets"}, {"--facets", "month"}}) {
        std::vector<std::string> args = {"--db", corpus_db(), "--all-copies"};
        args.insert(args.end(), facets.begin(), facets.end());
        args.push_back("canicule");
        const RunResult months = run_searcher(args);
        REQUIRE(months.exit_code == 0);
        CHECK(contains(months.out, "By month:\n  2024-08  2\n"));
        CHECK(contains(months.out, "canicule"));  // the query was not taken for the facet kind
    }
}

TEST_CASE("--qrels prints quality figures that agree with the hits - beside the latency with --bench") {
    TempDir dir;
    // q1's target is the best hit for its words, q2's is ranked somewhere, q3 finds nothing.
    const auto drones = search_ids(corpus_db(), {"--all-copies", "--limit", "100", "drones"});
    REQUIRE(drones.size() >= 3);
    const std::string queries = dir.write("queries.tsv", "q1\tdrones\nq2\tdrones\nq3\tzzzzqqq\nq4\tdrones\n");
    const std::string qrels = dir.write("qrels", "q1 0 " + drones[0] + " 1\nq2 0 " + drones[2] + " 1\nq3 0 " + kDrones + " 1\n");
    const RunResult text = run_searcher({"--db", corpus_db(), "--queries", queries, "--qrels", qrels, "--all-copies"});
    INFO(text.err);
    REQUIRE(text.exit_code == 0);
    CHECK(contains(text.out, "queries judged    3  (1 more without judgments, left out)\n"));
    CHECK(contains(text.out, "MRR@10            0.4444\n"));  // (1 + 1/3 + 0) / 3
    CHECK(contains(text.out, "success@1         0.3333\n"));
    CHECK(contains(text.out, "success@10        0.6667\n"));
    CHECK(contains(text.out, "no relevant hit   1"));

    const RunResult as_json = run_searcher({"--db", corpus_db(), "--queries", queries, "--qrels", qrels, "--all-copies", "--format", "json"});
    REQUIRE(as_json.exit_code == 0);
    const json figures = json::parse(as_json.out);
    CHECK(figures.at("mrr@10") == doctest::Approx(0.4444));
    CHECK(figures.at("recall@100") == doctest::Approx(0.6667));
    CHECK(figures.at("queries") == 3);

    const RunResult bench = run_searcher({"--db", corpus_db(), "--queries", queries, "--qrels", qrels, "--all-copies", "--bench"});
    REQUIRE(bench.exit_code == 0);
    const json both = json::parse(bench.out);
    CHECK(both.at("queries") == 4);  // latency figures
    CHECK(both.at("quality") == figures);

    CHECK(run_searcher({"--db", corpus_db(), "--qrels", qrels, "drones"}).exit_code == 2);  // needs --queries
    CHECK(run_searcher({"--db", corpus_db(), "--queries", queries, "--qrels", dir / "missing"}).exit_code == 2);
}

TEST_CASE("--qrels figures equal ../shared/eval/known_item.py on the same run") {
    const std::string scorer = kSourceDir + "/../shared/eval/known_item.py";
    if (!fs::exists(scorer)) {
        MESSAGE("skipped: " << scorer << " is missing");
        return;
    }
    TempDir dir;
    // Known-item queries: the first two words of each article's title, its target the article.
    std::string queries, known_items, qrels;
    int n = 0;
    for (const std::string& id : all_ids(corpus_db())) {
        const auto records = parse_json_lines(run_searcher({"--db", corpus_db(), "--show", id, "--format", "json"}).out);
        const std::string qid = "k" + std::to_string(++n);
        std::istringstream words(records.at(0).at("title").get<std::string>());
        std::string first, second;
        if (!(words >> first >> second)) continue;
        const std::string title = first + " " + second;
        queries += qid + "\t" + title + "\n";
        known_items += json{{"qid", qid}, {"query", title}, {"target", id}}.dump() + "\n";
        qrels += qid + " 0 " + id + " 1\n";
    }
    const std::string queries_file = dir.write("queries.tsv", queries);
    const std::string known_file = dir.write("known.jsonl", known_items);
    const std::string qrels_file = dir.write("qrels", qrels);
    const std::vector<std::string> common = {"--db", corpus_db(), "--queries", queries_file, "--plain", "--limit", "100"};
    std::vector<std::string> trec = common;
    trec.insert(trec.end(), {"--format", "trec"});
    const RunResult run = run_searcher(trec);
    REQUIRE(run.exit_code == 0);
    const std::string run_file = dir.write("run.trec", run.out);
    const RunResult reference = fns::test::run("/bin/sh", {"-c", "python3 " + shell_quote(scorer) + " " + shell_quote(known_file) + " " +
                                                                    shell_quote(run_file) + " " + shell_quote(queries_file)});
    INFO(reference.err);
    REQUIRE(reference.exit_code == 0);
    const json expected = json::parse(reference.out);
    std::vector<std::string> quality = common;
    quality.insert(quality.end(), {"--qrels", qrels_file, "--format", "json"});
    const RunResult ours = run_searcher(quality);
    REQUIRE(ours.exit_code == 0);
    const json figures = json::parse(ours.out);
    CHECK(figures.at("queries") == expected.at("queries"));
    CHECK(figures.at("mrr@10") == expected.at("mrr@10"));
    CHECK(figures.at("success@1") == expected.at("s@1"));
    CHECK(figures.at("success@10") == expected.at("s@10"));
    CHECK(figures.at("recall@100") == expected.at("s@100"));
    CHECK(expected.at("mrr@10").get<double>() < 1.0);  // two words: not every target comes first
}

TEST_CASE("--queries - reads the queries from standard input") {
    TempDir dir;
    const std::string queries = dir.write("queries.tsv", "q1\tdrones\nq2\tcanicule\n");
    const RunResult piped = run("/bin/sh", {"-c", "exec " + shell_quote(FNS_SEARCHER) + " --db " + shell_quote(corpus_db()) +
                                                      " --queries - --format trec < " + shell_quote(queries)});
    INFO(piped.err);
    REQUIRE(piped.exit_code == 0);
    const RunResult from_file = run_searcher({"--db", corpus_db(), "--queries", queries, "--format", "trec"});
    CHECK(piped.out == from_file.out);
    CHECK(contains(piped.out, "q2 Q0 "));
}

TEST_CASE("-- ends the options: what follows is the query") {
    const RunResult r = run_searcher({"--db", corpus_db(), "--format", "json", "--", "--help", "drones"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(contains(r.out, "usage:"));
    const auto hits = parse_json_lines(r.out);
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].at("id") == search_json(corpus_db(), {"drones"})[0].at("id"));
    CHECK(parse_json_lines(run_searcher({"--db", corpus_db(), "--format", "json", "--", "drones", "--limit", "1"}).out).size() > 1);
    CHECK(run_searcher({"--db", corpus_db(), "--limit"}).exit_code == 2);
}

TEST_CASE("did you mean: also with a few hits, when the corrected query finds clearly more") {
    TempDir dir;
    const std::string db = misspelt_db(dir);
    const RunResult few = run_searcher({"--db", db, "--color", "never", "gouvernment"});
    INFO(few.err);
    REQUIRE(few.exit_code == 0);
    CHECK(contains(few.out, "2 matches"));
    CHECK(contains(few.out, "Did you mean: gouvernement\n"));
    const RunResult many = run_searcher({"--db", db, "--color", "never", "gouvernement"});
    CHECK_FALSE(contains(many.out, "Did you mean"));
    const RunResult none = run_searcher({"--db", db, "--color", "never", "gouvernemnt"});  // no article: as before
    CHECK(contains(none.out, "Did you mean: gouvernement\n"));
    // Date limits count: the correction must find more within them.
    const RunResult limited = run_searcher({"--db", db, "--color", "never", "--to", "2023", "gouvernment"});
    CHECK_FALSE(contains(limited.out, "Did you mean"));
}

TEST_CASE("the prompt: type, page, read, like, date limits, quit - the history kept between sessions") {
    TempDir home;
    const std::vector<std::string> args = {"--db", corpus_db(), "--color", "never", "--limit", "2", "--all-copies"};
    const auto ranked = search_ids(corpus_db(), {"--all-copies", "--limit", "100", "accord"});
    REQUIRE(ranked.size() >= 5);
    {
        Terminal terminal(args, home.path().string());
        terminal.until("search> ");
        CHECK(contains(terminal.command("help"), "like N"));
        std::string out = terminal.command("accord");
        CHECK(contains(out, "showing 1-2"));
        CHECK(contains(out, "  " + ranked[0] + "  "));
        out = terminal.command("n");
        CHECK(contains(out, "showing 3-4"));
        CHECK(contains(out, "  " + ranked[2] + "  "));
        CHECK(contains(terminal.command("p"), "showing 1-2"));
        out = terminal.command("4");  // a hit of another page
        CHECK(contains(out, "id      " + ranked[3] + "\r\n"));
        out = terminal.command("like 1");
        CHECK(contains(out, "showing 1-2"));
        CHECK_FALSE(contains(out, "  " + ranked[0] + "  "));
        out = terminal.command("from 2024-06");
        CHECK(contains(out, "Published from 2024-06-01 on."));
        out = terminal.command("accord");
        const auto since_june = search_ids(corpus_db(), {"--all-copies", "--limit", "2", "--from", "2024-06", "accord"});
        for (const std::string& id : since_june) CHECK(contains(out, "  " + id + "  "));
        out = terminal.command("from");
        CHECK(contains(out, "No date limits."));
        CHECK(contains(out, "  " + ranked[0] + "  "));  // the query again, without the limit
        CHECK(terminal.type_to_exit("quit\r") == 0);
    }
    std::ifstream history(home / ".fns_searcher_history");
    const std::string saved((std::istreambuf_iterator<char>(history)), {});
    CHECK(contains(saved, "accord"));
    CHECK(contains(saved, "2024-06"));
    {
        Terminal terminal(args, home.path().string());
        terminal.until("search> ");
        terminal.type("\033[A\033[A\033[A\033[A");  // up: quit, from, accord, from 2024-06
        terminal.until("2024-06");
        CHECK(contains(terminal.command(""), "Published from 2024-06-01 on."));
        CHECK(terminal.type_to_exit("\004") == 0);  // Ctrl-D leaves too
    }
}

TEST_CASE("an id over Xapian's term limit is found by --show, --qrels and --explain") {
    TempDir dir;
    const std::string id = "https://example.org/" + std::string(300, 'a');
    dir.write("in/long.jsonl", "{\"id\": \"" + id + "\", \"date\": \"2024-05-02\", \"title\": \"Orage sur Lyon\", "
                               "\"body\": \"Un orage de grêle a frappé Lyon jeudi soir.\"}\n");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    const RunResult shown = run_searcher({"--db", dir / "db", "--show", id});
    INFO(shown.err);
    CHECK(shown.exit_code == 0);
    CHECK(contains(shown.out, "Orage sur Lyon"));
    const std::string queries = dir.write("q.tsv", "q1\torage lyon\n");
    const std::string qrels = dir.write("qrels", "q1 0 " + id + " 1\n");
    const RunResult quality =
        run_searcher({"--db", dir / "db", "--queries", queries, "--qrels", qrels, "--format", "json"});
    REQUIRE(quality.exit_code == 0);
    CHECK(parse_json_lines(quality.out).at(0).at("mrr@10").get<double>() == doctest::Approx(1.0));
    const RunResult explained = run_searcher({"--db", dir / "db", "--explain", "--color", "never", "orage"});
    CHECK(explained.exit_code == 0);
    CHECK(contains(explained.out, "in 1 of 1 articles"));  // the term's share, found through the id
}

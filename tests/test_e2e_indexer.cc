// The indexer binary on real files: formats, ids, re-runs, bad input, exit codes.
#include <doctest/doctest.h>
#include <unistd.h>

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "e2e_util.h"
#include "record_codec.h"

using namespace fns::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kFormatsDir = kE2eDataDir + "/formats";

// The one hit of `query`, or a failed check (and an empty object).
json only_hit(const std::string& db, const std::string& query) {
    const auto hits = search_json(db, {query});
    INFO("query: ", query);
    REQUIRE(hits.size() == 1);
    return hits.front();
}

// The ids of the fixture folder tests/data/e2e/formats, with the word that finds each one.
struct Expected {
    const char* query;
    const char* id;
    const char* title;
    const char* date;
};
const std::vector<Expected> kFormats = {
    {"grêlons", "pages/orage.txt", "Orage de grêle sur la Beauce : des grêlons gros comme des noix", "2024-03-03"},
    {"tapisserie", "pages/sub/musee.html", "Une tapisserie restaurée rejoint le musée de Bayeux", "2023-11-05"},
    {"hélicoptère", "e2e-1", "Un hélicoptère du Samu se pose sur la plage", "2024-02-10"},
    {"fromagerie", "e2e-2", "Une fromagerie reprise par ses salariés", "2023-05-15"},
    {"cyclistes", "e2e-3", "Les cyclistes réclament des pistes sécurisées", "2022-09-01"},
    {"apiculteurs", "e2e-obj", "Les apiculteurs inquiets pour la récolte de miel", "2022-06-12"},
    {"observatoire", "e2e-arr-1", "L’observatoire du pic rouvre ses portes", "2021-03-21"},
    {"marathon", "e2e-arr-2", "Un marathon sous la pluie", "2020-10-18"},
};

std::set<std::string> formats_ids() {
    std::set<std::string> ids;
    for (const Expected& e : kFormats) ids.insert(e.id);
    return ids;
}

std::set<std::string> id_set(const std::string& db) {
    const auto ids = all_ids(db);
    return {ids.begin(), ids.end()};
}

bool includes_all(const std::set<std::string>& have, const std::set<std::string>& want) {
    return std::includes(have.begin(), have.end(), want.begin(), want.end());
}

// A good page, so that each bad-input test also shows the run going on.
const char* kGoodPage =
    "Le lac gelé attire les patineurs\n\nPublié le 8 janvier 2024 à 09h00\n\n"
    "Le lac de montagne est gelé depuis une semaine et les patineurs sont venus nombreux ce dimanche.\n";

// Indexes `dir`/in, which holds the good page and one bad file `bad_name`, and checks what the README
// promises: one message on stderr naming the file and the reason, the good page indexed, one file counted
// as skipped, exit code 1.
void check_one_bad_file(const TempDir& dir, const std::string& bad_name, const std::string& reason) {
    dir.write("in/good.txt", kGoodPage);
    const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO("stderr: ", r.err);
    INFO("stdout: ", r.out);
    CHECK(r.exit_code == 1);
    const auto messages = lines_with(r.err, bad_name);
    REQUIRE(messages.size() == 1);
    CHECK(contains(messages[0], reason));
    CHECK(lines_of(r.err).size() == 1);  // nothing else on stderr
    const auto summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->skipped == 1);
    CHECK(summary->files_indexed == 1);
    CHECK(search_ids(dir / "db", {"patineurs"}) == std::vector<std::string>{"good.txt"});
}

std::string windows_1252(const std::string& title, const std::string& body) { return title + "\n\n" + body + "\n"; }

}  // namespace

TEST_CASE("each input format is indexed with its id, title and date") {
    TempDir dir;
    const RunResult r = run_indexer({"--db", dir / "db", kFormatsDir});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    const auto summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->files_indexed == 5);
    CHECK(summary->articles_indexed == 8);
    CHECK(summary->in_database == 8);
    CHECK(doc_count(dir / "db") == 8);
    CHECK(id_set(dir / "db") == formats_ids());
    for (const Expected& e : kFormats) {
        CAPTURE(e.query);
        const json hit = only_hit(dir / "db", e.query);
        CHECK(hit.at("id") == e.id);
        CHECK(hit.at("title") == e.title);
        CHECK(hit.at("date") == e.date);
    }
}

TEST_CASE("a file given directly has its file name as id - a record without id gets file#line") {
    TempDir dir;
    dir.write("in/sans-id.jsonl",
              "{\"id\": \"avec-id\", \"title\": \"Les bergers transhumants\", \"body\": \"Les bergers montent.\"}\n"
              "{\"title\": \"Les ostréiculteurs\", \"body\": \"Les ostréiculteurs récoltent les huîtres.\"}\n");
    const RunResult r = run_indexer({"--db", dir / "db", kFormatsDir + "/pages/orage.txt", dir / "in/sans-id.jsonl"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(only_hit(dir / "db", "grêlons").at("id") == "orage.txt");
    CHECK(only_hit(dir / "db", "bergers").at("id") == "avec-id");
    CHECK(only_hit(dir / "db", "ostréiculteurs").at("id") == "sans-id.jsonl#2");
}

TEST_CASE("re-running replaces instead of duplicating, and skips unchanged files") {
    TempDir dir;
    copy_tree(kFormatsDir, dir / "in");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    REQUIRE(doc_count(dir / "db") == 8);

    const RunResult again = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(contains(again.out, "0 indexed, 5 unchanged"));
    const auto summary = parse_summary(again.out);
    REQUIRE(summary);
    CHECK(summary->files_indexed == 0);
    CHECK(summary->unchanged == 5);
    CHECK(summary->articles_indexed == 0);
    CHECK(summary->in_database == 8);
    CHECK(doc_count(dir / "db") == 8);

    // Every file changed (a later mtime): all are read again, and each article replaces itself.
    for (const auto& entry : fs::recursive_directory_iterator(dir / "in"))
        if (entry.is_regular_file()) touch_later(entry.path().string(), 5);
    const RunResult touched = run_indexer({"--db", dir / "db", dir / "in"});
    REQUIRE(touched.exit_code == 0);
    const auto after = parse_summary(touched.out);
    REQUIRE(after);
    CHECK(after->files_indexed == 5);
    CHECK(after->articles_indexed == 8);
    CHECK(after->in_database == 8);
    CHECK(doc_count(dir / "db") == 8);
    CHECK(id_set(dir / "db") == formats_ids());
    for (const Expected& e : kFormats) {
        CAPTURE(e.query);
        CHECK(search_ids(dir / "db", {e.query}) == std::vector<std::string>{e.id});
    }
}

namespace {
// JSON Lines of `count` small records: id rN, title "Titre N", body "motN ordinaire".
std::string numbered_records(int count) {
    std::string lines;
    for (int i = 0; i < count; ++i)
        lines += fmt::format(R"({{"id": "r{}", "title": "Titre {}", "body": "mot{} ordinaire"}})", i, i, i) + "\n";
    return lines;
}
}  // namespace

TEST_CASE("an id read again after its writer started a new part: the later record replaces the earlier") {
    // A full build writes each writer's documents as parts of ShardedBuild's kDocumentsPerPart (1,024),
    // merged at the end: the earlier copy sits in an older part and must be deleted there.
    TempDir dir;
    const int records = 3000;  // two writers (--threads 2): about 1,500 each, so past one part
    std::string lines = numbered_records(records);
    lines += R"({"id": "r3", "title": "Titre trois", "body": "remplacement tardif"})" "\n";
    dir.write("in/many.jsonl", lines);
    const RunResult result = run_indexer({"--db", dir / "db", "--threads", "2", dir / "in"});
    INFO(result.err);
    CHECK(contains(result.err, "duplicate id 'r3' twice in this file"));
    CHECK(doc_count(dir / "db") == records);
    CHECK(search_ids(dir / "db", {"remplacement"}) == std::vector<std::string>{"r3"});
    CHECK(search_ids(dir / "db", {"mot3"}).empty());
    CHECK(search_ids(dir / "db", {"mot2999"}) == std::vector<std::string>{"r2999"});
}

namespace {
// `count` news-like records: sentences drawn from a small vocabulary, each record its own mix.
std::string varied_records(int first, int count) {
    static const char* kWords[] = {"le", "gouvernement", "a", "annoncé", "mardi", "une", "réforme", "des",
                                   "retraites", "que", "les", "syndicats", "contestent", "depuis", "janvier",
                                   "et", "la", "grève", "pourrait", "durer", "selon", "ministre", "du", "travail",
                                   "députés", "vote", "Assemblée", "nationale", "budget", "accord"};
    std::string lines;
    uint64_t state = 88172645463325252ULL + static_cast<uint64_t>(first);
    const auto next = [&state] { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; };
    for (int i = first; i < first + count; ++i) {
        std::string body;
        for (int w = 0, n = 80 + static_cast<int>(next() % 120); w < n; ++w) body += std::string(kWords[next() % 30]) + " ";
        lines += fmt::format(R"({{"id": "d{}", "title": "Dépêche {}", "body": "{}fin{}"}})", i, i, body, i) + "\n";
    }
    return lines;
}
}  // namespace

TEST_CASE("a full build stores its records compressed with a dictionary it keeps: read back whole, and by "
          "later runs") {
    TempDir dir;
    dir.write("in/a.jsonl", varied_records(0, 600));
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    {
        Xapian::Database db(dir / "db");
        CHECK_FALSE(db.get_metadata("fns:record-dictionary").empty());
        CHECK(fns::is_compressed_record(db.get_document(1).get_data()));
    }
    const RunResult shown = run_searcher({"--db", dir / "db", "--show", "d42", "--format", "json"});
    REQUIRE(shown.exit_code == 0);
    const auto records = parse_json_lines(shown.out);
    REQUIRE(records.size() == 1);
    CHECK(records[0].at("title") == "Dépêche 42");
    CHECK(records[0].at("body").get<std::string>().ends_with("fin42"));
    CHECK(search_ids(dir / "db", {"fin599"}) == std::vector<std::string>{"d599"});

    // An incremental run compresses its records with the same dictionary.
    dir.write("in/b.jsonl", varied_records(600, 5));
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    {
        Xapian::Database db(dir / "db");
        const Xapian::docid added = *db.postlist_begin("Qd602");
        CHECK(fns::is_compressed_record(db.get_document(added).get_data()));
    }
    const RunResult later = run_searcher({"--db", dir / "db", "--show", "d602", "--format", "json"});
    REQUIRE(later.exit_code == 0);
    CHECK(parse_json_lines(later.out).at(0).at("body").get<std::string>().ends_with("fin602"));
}

TEST_CASE("a small folder keeps its records plain: too little text to train a dictionary on") {
    TempDir dir;
    dir.write("in/a.jsonl", varied_records(0, 10));
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    Xapian::Database db(dir / "db");
    CHECK(db.get_metadata("fns:record-dictionary").empty());
    CHECK_FALSE(fns::is_compressed_record(db.get_document(1).get_data()));
    CHECK(search_ids(dir / "db", {"fin7"}) == std::vector<std::string>{"d7"});
}

TEST_CASE("few open files allowed: the parts of a full build are merged a group at a time, nothing lost") {
    // The compactor holds every part open at once; a million articles are about a thousand parts, more
    // than a common limit of 1,024 open files allows. Under a limit of 28 files the six parts here (two
    // writers, three parts each) are merged two at a time, then again (the whole six at once failed).
    TempDir dir;
    const int records = 6000;
    dir.write("in/many.jsonl", numbered_records(records));
    const RunResult result = run("/bin/sh", {"-c", "ulimit -n 28 && exec \"$0\" \"$@\"", FNS_INDEXER, "--db",
                                             dir / "db", "--threads", "2", dir / "in"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(doc_count(dir / "db") == records);
    for (const int i : {0, 1024, 3000, 4095, 5999})
        CHECK(search_ids(dir / "db", {fmt::format("mot{}", i)}) == std::vector<std::string>{fmt::format("r{}", i)});
}

TEST_CASE("a modified file is indexed again: its new text is found, its old text is not") {
    TempDir dir;
    copy_tree(kFormatsDir, dir / "in");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    REQUIRE(search_ids(dir / "db", {"grêlons"}) == std::vector<std::string>{"pages/orage.txt"});

    dir.write("in/pages/orage.txt",
              "Tempête de neige sur le Jura : les chasse-neige mobilisés\n\nPublié le 4 mars 2024 à 07h00\n\n"
              "Les chasse-neige ont dégagé les routes du Jura toute la nuit après d’abondantes chutes de neige.\n");
    const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->files_indexed == 1);
    CHECK(summary->unchanged == 4);
    CHECK(doc_count(dir / "db") == 8);
    CHECK(search_ids(dir / "db", {"grêlons"}).empty());
    CHECK(search_ids(dir / "db", {"Beauce"}).empty());
    const json hit = only_hit(dir / "db", "chasse-neige");
    CHECK(hit.at("id") == "pages/orage.txt");
    CHECK(hit.at("title") == "Tempête de neige sur le Jura : les chasse-neige mobilisés");
    CHECK(hit.at("date") == "2024-03-04");

    // A change of the same size is noticed too (by its modification time).
    const std::string same_size = "{\"id\": \"e2e-obj\", \"date\": \"12 juin 2022\", \"title\": \"Les apiculteurs\", "
                                  "\"body\": \"Des frelons nomade\"}";
    const std::string old_text = "{\"id\": \"e2e-obj\", \"date\": \"12 juin 2022\", \"title\": \"Les apiculteurs\", "
                                 "\"body\": \"Des ruches en bois\"}";
    REQUIRE(same_size.size() == old_text.size());
    dir.write("in/records/une.json", old_text);
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    REQUIRE(search_ids(dir / "db", {"ruches"}) == std::vector<std::string>{"e2e-obj"});
    dir.write("in/records/une.json", same_size);
    touch_later(dir / "in/records/une.json", 3);
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    CHECK(search_ids(dir / "db", {"ruches"}).empty());
    CHECK(search_ids(dir / "db", {"frelons"}) == std::vector<std::string>{"e2e-obj"});
    CHECK(doc_count(dir / "db") == 8);
}

TEST_CASE("a deleted file's articles are removed - a record removed from a .jsonl disappears") {
    TempDir dir;
    copy_tree(kFormatsDir, dir / "in");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    REQUIRE(doc_count(dir / "db") == 8);

    fs::remove(dir / "in/records/liste.json");  // two articles
    fs::remove(dir / "in/pages/sub/musee.html");
    RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->removed == 2);
    CHECK(summary->deleted == 3);
    CHECK(doc_count(dir / "db") == 5);
    CHECK(search_ids(dir / "db", {"observatoire"}).empty());
    CHECK(search_ids(dir / "db", {"marathon"}).empty());
    CHECK(search_ids(dir / "db", {"tapisserie"}).empty());
    CHECK(id_set(dir / "db") == std::set<std::string>{"pages/orage.txt", "e2e-1", "e2e-2", "e2e-3", "e2e-obj"});

    // The middle record of the JSON Lines file goes.
    std::ifstream in(dir / "in/records/fil.jsonl");
    std::string line, kept;
    while (std::getline(in, line))
        if (!contains(line, "\"e2e-2\"")) kept += line + "\n";
    in.close();
    dir.write("in/records/fil.jsonl", kept);
    r = run_indexer({"--db", dir / "db", dir / "in"});
    REQUIRE(r.exit_code == 0);
    CHECK(doc_count(dir / "db") == 4);
    CHECK(search_ids(dir / "db", {"fromagerie"}).empty());
    CHECK(search_ids(dir / "db", {"hélicoptère"}) == std::vector<std::string>{"e2e-1"});
    CHECK(search_ids(dir / "db", {"cyclistes"}) == std::vector<std::string>{"e2e-3"});
}

TEST_CASE("files outside the folders given are never deleted") {
    TempDir dir;
    dir.write("a/ours.txt", "Les ours des Pyrénées\n\nPublié le 2 mai 2024\n\nDeux oursons ont été observés.\n");
    dir.write("ab/loups.txt", "Les loups du Mercantour\n\nPublié le 3 mai 2024\n\nUne meute de loups recensée.\n");
    dir.write("single/lynx.txt", "Le lynx du Jura\n\nPublié le 4 mai 2024\n\nUn lynx photographié.\n");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "a"}).exit_code == 0);
    REQUIRE(run_indexer({"--db", dir / "db", dir / "ab"}).exit_code == 0);
    REQUIRE(run_indexer({"--db", dir / "db", dir / "single/lynx.txt"}).exit_code == 0);
    REQUIRE(doc_count(dir / "db") == 3);

    // A run on `a` alone: "ab" shares its name's start, the file was given on its own; both stay.
    const RunResult r = run_indexer({"--db", dir / "db", dir / "a"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->removed == 0);
    CHECK(doc_count(dir / "db") == 3);
    CHECK(search_ids(dir / "db", {"loups"}) == std::vector<std::string>{"loups.txt"});
    CHECK(search_ids(dir / "db", {"lynx"}) == std::vector<std::string>{"lynx.txt"});

    // A subfolder of an indexed folder, run alone, does not delete its parent's other files.
    dir.write("a/sub/isard.txt", "Les isards\n\nPublié le 5 mai 2024\n\nDes isards en altitude.\n");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "a/sub"}).exit_code == 0);
    CHECK(doc_count(dir / "db") == 4);
    CHECK(search_ids(dir / "db", {"oursons"}) == std::vector<std::string>{"ours.txt"});

    // A file removed from a folder given is deleted, the others stay.
    fs::remove(dir / "ab/loups.txt");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "ab", dir / "a"}).exit_code == 0);
    CHECK(search_ids(dir / "db", {"loups"}).empty());
    CHECK(doc_count(dir / "db") == 3);
}

TEST_CASE("bad input: a missing input path is reported and the other paths are indexed") {
    TempDir dir;
    dir.write("in/good.txt", kGoodPage);
    const RunResult r = run_indexer({"--db", dir / "db", dir / "absent-folder", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const auto messages = lines_with(r.err, "absent-folder");
    REQUIRE(messages.size() == 1);
    CHECK((contains(messages[0], "no such file") || contains(messages[0], "No such file")));
    CHECK(lines_of(r.err).size() == 1);
    const auto summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->skipped == 1);
    CHECK(search_ids(dir / "db", {"patineurs"}) == std::vector<std::string>{"good.txt"});
}

TEST_CASE("bad input: an empty file") {
    TempDir dir;
    dir.write("in/vide.txt", "");
    check_one_bad_file(dir, "vide.txt", "empty file");
}

TEST_CASE("bad input: a binary file (NUL bytes)") {
    TempDir dir;
    std::string bytes("PK\x03\x04\x14\0\0\0\x08\0", 10);
    for (int i = 0; i < 2000; ++i) bytes += static_cast<char>((i * 7919) % 256);
    dir.write("in/archive.txt", bytes);
    check_one_bad_file(dir, "archive.txt", "binary file");
}

TEST_CASE("bad input: bytes that are neither UTF-8 nor a legacy charset") {
    TempDir dir;
    // Mostly high bytes, invalid as UTF-8, in no pattern a charset detector recognises.
    std::string bytes = "Titre\n\n";
    for (int i = 0; i < 600; ++i) bytes += "\xC0\xC1\xFE\xFF\xF5\x80";
    dir.write("in/illisible.txt", bytes);
    check_one_bad_file(dir, "illisible.txt", "unknown charset");
}

TEST_CASE("bad input: a malformed JSON line among good ones") {
    TempDir dir;
    dir.write("in/good.txt", kGoodPage);
    dir.write("in/fil.jsonl",
              "{\"id\": \"ok-1\", \"date\": \"2024-01-02\", \"title\": \"Les kayakistes\", \"body\": \"Des kayakistes.\"}\n"
              "{\"id\": \"ok-2\", \"date\": \"2024-01-03\", \"title\": \"Les alpinistes\", \"body\": \"Des alp\n"
              "{\"id\": \"ok-3\", \"date\": \"2024-01-04\", \"title\": \"Les spéléologues\", \"body\": \"Des spéléologues.\"}\n");
    const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const auto messages = lines_with(r.err, "fil.jsonl");
    REQUIRE(messages.size() == 1);
    CHECK(contains(messages[0], "line 2"));
    CHECK(contains(messages[0], "malformed JSON"));
    CHECK(lines_of(r.err).size() == 1);
    const auto summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->bad_records == 1);
    CHECK(summary->skipped == 0);
    CHECK(search_ids(dir / "db", {"kayakistes"}) == std::vector<std::string>{"ok-1"});
    CHECK(search_ids(dir / "db", {"spéléologues"}) == std::vector<std::string>{"ok-3"});
    CHECK(search_ids(dir / "db", {"alpinistes"}).empty());
    CHECK(doc_count(dir / "db") == 3);
}

TEST_CASE("bad input: in a JSON Lines file big enough to be cut in chunks, line numbers stay right") {
    TempDir dir;
    constexpr int kLines = 12000;  // about 3 MB: several chunks of 1 MB
    constexpr int kBadLine = 9876;
    constexpr int kNoIdLine = 11111;
    {
        fs::create_directories(dir / "in");
        std::ofstream out(dir / "in/gros.jsonl");
        for (int line = 1; line <= kLines; ++line) {
            if (line == kBadLine) {
                out << "{\"id\": \"cassé\", \"title\": \n";
                continue;
            }
            if (line == kNoIdLine) {
                out << "{\"title\": \"Les mouettes rieuses\", \"body\": \"Des mouettes rieuses sur le port.\"}\n";
                continue;
            }
            out << "{\"id\": \"l" << line << "\", \"date\": \"2022-05-0" << (1 + line % 9)
                << "\", \"title\": \"Bulletin " << line << "\", \"body\": \"Bulletin municipal numéro " << line
                << " : la voirie, les écoles, la bibliothèque et le marché hebdomadaire du quartier " << line
                << " sont au programme de la réunion publique de ce soir.\"}\n";
        }
    }
    REQUIRE(fs::file_size(dir / "in/gros.jsonl") > (2u << 20));
    const RunResult r = run_indexer({"--db", dir / "db", "--quiet", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const auto messages = lines_with(r.err, "gros.jsonl");
    REQUIRE(messages.size() == 1);
    CHECK(contains(messages[0], "line " + std::to_string(kBadLine) + ":"));
    CHECK(doc_count(dir / "db") == kLines - 1);
    CHECK(only_hit(dir / "db", "mouettes").at("id") == "gros.jsonl#" + std::to_string(kNoIdLine));
    CHECK(only_hit(dir / "db", "\"Bulletin municipal numéro 11999\"").at("id") == "l11999");
}

TEST_CASE("bad input: a .json file that is not JSON") {
    TempDir dir;
    dir.write("in/pas-du-json.json", "{\"id\": \"x\", \"title\": \"Titre\", \"body\": \"pas fini\"\n  oups ]\n");
    check_one_bad_file(dir, "pas-du-json.json", "malformed JSON");
}

TEST_CASE("bad input: a page over the size limit") {
    TempDir dir;
    // 33 MB, most of it a hole: the size is checked before anything is read.
    const std::string path = dir.write("in/enorme.txt", "Un titre\n\nUn texte.\n");
    fs::resize_file(path, 33ull << 20);
    check_one_bad_file(dir, "enorme.txt", "file too large");
}

TEST_CASE("bad input: a file that cannot be read") {
    TempDir dir;
    if (::geteuid() != 0) {
        const std::string path = dir.write("in/secret.txt", kGoodPage);
        fs::permissions(path, fs::perms::none);
        check_one_bad_file(dir, "secret.txt", "cannot read");
        return;
    }
    // As root, permissions do not stop reading; a sysfs attribute that is write-only refuses even root
    // (open fails with EACCES) while it looks like a regular 4 KB file.
    std::string target;
    for (const char* candidate : {"/sys/bus/pci/rescan", "/sys/class/zram-control/hot_remove",
                                  "/sys/kernel/mm/page_idle/bitmap"}) {
        std::error_code error;
        if (fs::is_regular_file(candidate, error) && ::access(candidate, F_OK) == 0 &&
            !std::ifstream(candidate).is_open()) {
            target = candidate;
            break;
        }
    }
    if (target.empty()) {
        MESSAGE("skipped: running as root and no unreadable file found to point at");
        return;
    }
    fs::create_directories(dir / "in");
    fs::create_symlink(target, dir / "in/secret.txt");
    check_one_bad_file(dir, "secret.txt", "cannot read");
}

TEST_CASE("bad input: a dangling symbolic link named like a page is reported, not silently ignored") {
    TempDir dir;
    fs::create_directories(dir / "in");
    fs::create_symlink(dir / "nowhere.txt", dir / "in/x.txt");
    check_one_bad_file(dir, "x.txt", "");
}

TEST_CASE("nothing already indexed is lost when bad input comes") {
    TempDir dir;
    copy_tree(kFormatsDir, dir / "in");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    REQUIRE(doc_count(dir / "db") == 8);

    dir.write("in/bad/vide.txt", "");
    dir.write("in/bad/binaire.html", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0", 12));
    dir.write("in/bad/casse.json", "[{\"id\": \"z\"");
    dir.write("in/bad/lignes.jsonl", "pas du json\n{\"id\": \"new-1\", \"title\": \"Les randonneurs\", \"body\": \"Des randonneurs.\"}\n");
    const std::string big = dir.write("in/bad/enorme.txt", "x");
    fs::resize_file(big, 33ull << 20);
    // A page that was good becomes unusable: its article stays as it was.
    dir.write("in/pages/orage.txt", "");
    // A JSON file that was good becomes unparsable: its articles stay.
    dir.write("in/records/liste.json", "[{\"id\": \"e2e-arr-1\", ");

    const RunResult r = run_indexer({"--db", dir / "db", dir / "in", dir / "missing"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const auto summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->skipped == 7);
    CHECK(summary->bad_records == 1);
    CHECK(includes_all(id_set(dir / "db"), formats_ids()));
    CHECK(doc_count(dir / "db") == 9);
    for (const Expected& e : kFormats) {
        CAPTURE(e.query);
        CHECK(search_ids(dir / "db", {e.query}) == std::vector<std::string>{e.id});
    }
    CHECK(search_ids(dir / "db", {"randonneurs"}) == std::vector<std::string>{"new-1"});
}

TEST_CASE("a Windows-1252 text page is decoded: an accented word is found by both spellings") {
    TempDir dir;
    // "Fête de la châtaigne à Collobrières" in windows-1252: ê = EA, â = E2, à = E0, è = E8, ’ = 92.
    const std::string title = "F\xEAte de la ch\xE2taigne \xE0 Collobri\xE8res";
    const std::string body =
        "Publi\xE9 le 20 octobre 2024 \xE0 10h00\n\n"
        "La f\xEAte de la ch\xE2taigne attire chaque ann\xE9" "e des milliers de visiteurs dans le massif des Maures. "
        "Les producteurs vendent leurs marrons glac\xE9s et la cr\xE8me de ch\xE2taigne, l\x92un des produits "
        "phares du village. \xAB C\x92" "est la f\xEAte la plus attendue de l\x92" "automne \xBB, dit le maire.";
    dir.write("in/chataigne.txt", windows_1252(title, body));
    const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* query : {"châtaigne", "chataigne", "CHÂTAIGNE", "Collobrières", "collobrieres"}) {
        CAPTURE(query);
        const json hit = only_hit(dir / "db", query);
        CHECK(hit.at("id") == "chataigne.txt");
        CHECK(hit.at("title") == "Fête de la châtaigne à Collobrières");
        CHECK(hit.at("date") == "2024-10-20");
    }
    // The windows-1252 apostrophe (0x92) is an apostrophe: "l’automne" is found as "automne".
    CHECK(search_ids(dir / "db", {"automne"}) == std::vector<std::string>{"chataigne.txt"});
}

TEST_CASE("a UTF-16 page with a byte order mark is decoded") {
    TempDir dir;
    const std::u16string text = u"Les cigognes reviennent en Alsace\n\nPublié le 6 mars 2024\n\n"
                                u"Les premières cigognes sont arrivées à Colmar après l’hiver passé en Afrique.\n";
    std::string bytes = "\xFF\xFE";  // UTF-16LE
    for (char16_t unit : text) {
        bytes += static_cast<char>(unit & 0xFF);
        bytes += static_cast<char>(unit >> 8);
    }
    dir.write("in/cigognes.txt", bytes);
    const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json hit = only_hit(dir / "db", "premieres cigognes");
    CHECK(hit.at("id") == "cigognes.txt");
    CHECK(hit.at("title") == "Les cigognes reviennent en Alsace");
    CHECK(hit.at("date") == "2024-03-06");
}

TEST_CASE("bad records inside a JSON array are reported by their position, the others indexed") {
    TempDir dir;
    dir.write("in/liste.json",
              "[{\"id\": \"r1\", \"title\": \"Les sauveteurs en mer\", \"body\": \"Des sauveteurs.\"},\n"
              " \"pas un objet\",\n"
              " {\"id\": \"r3\", \"date\": \"2024-01-05\"},\n"
              " {\"id\": \"r4\", \"title\": \"Les bûcherons\", \"body\": \"Des bûcherons.\"}]\n");
    const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const auto messages = lines_with(r.err, "liste.json");
    REQUIRE(messages.size() == 2);
    CHECK(contains(messages[0], "record 2"));
    CHECK(contains(messages[0], "not a JSON object"));
    CHECK(contains(messages[1], "record 3"));
    CHECK(contains(messages[1], "no title and no body"));
    const auto summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->bad_records == 2);
    CHECK(summary->skipped == 0);
    CHECK(id_set(dir / "db") == std::set<std::string>{"r1", "r4"});
}

TEST_CASE("a folder written differently (trailing slash, dot-dot) is the same folder") {
    TempDir dir;
    copy_tree(kFormatsDir, dir / "in");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in/"}).exit_code == 0);
    CHECK(id_set(dir / "db") == formats_ids());
    for (const std::string& spelling : {dir / "in", dir / "in/pages/../", dir / "in/."}) {
        CAPTURE(spelling);
        const RunResult r = run_indexer({"--db", dir / "db", spelling});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const auto summary = parse_summary(r.out);
        REQUIRE(summary);
        CHECK(summary->files_indexed == 0);
        CHECK(summary->unchanged == 5);
        CHECK(summary->removed == 0);
        CHECK(id_set(dir / "db") == formats_ids());
    }
}

TEST_CASE("a database locked by another writer: exit code 3, and the database is intact") {
    TempDir dir;
    copy_tree(kFormatsDir, dir / "in");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    dir.write("in/nouveau.txt", kGoodPage);
    {
        Xapian::WritableDatabase writer(dir / "db", Xapian::DB_OPEN);
        const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
        CHECK(r.exit_code == 3);
        CHECK(contains(r.err, "locked"));
        CHECK(contains(r.err, dir / "db"));
        // Readers are not blocked by the writer.
        CHECK(search_ids(dir / "db", {"tapisserie"}) == std::vector<std::string>{"pages/sub/musee.html"});
    }
    CHECK(doc_count(dir / "db") == 8);
    CHECK(id_set(dir / "db") == formats_ids());
    // Once the lock is gone, the run that was refused goes through.
    const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(doc_count(dir / "db") == 9);
}

TEST_CASE("a run killed in the middle leaves a database that opens, and a re-run completes it") {
    TempDir dir;
    // A first run, committed.
    copy_tree(kFormatsDir, dir / "in");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    REQUIRE(doc_count(dir / "db") == 8);

    // Then a big JSON Lines file and many small pages.
    constexpr int kRecords = 20000;
    constexpr int kPages = 1500;
    {
        fs::create_directories(dir / "in/generated");
        std::ofstream out(dir / "in/generated/big.jsonl");
        for (int i = 0; i < kRecords; ++i)
            out << "{\"id\": \"gen-" << i << "\", \"date\": \"2023-0" << (1 + i % 9) << "-1" << (i % 10)
                << "\", \"title\": \"Dépêche numéro " << i << " sur la météo du jour\", \"body\": \"Le temps sera "
                << (i % 2 ? "ensoleillé" : "pluvieux") << " sur la région numéro " << i
                << " avec des vents modérés et des températures de saison. Les prévisionnistes annoncent une "
                   "évolution lente de la situation au cours de la semaine prochaine.\"}\n";
        for (int i = 0; i < kPages; ++i)
            std::ofstream(dir / ("in/generated/p" + std::to_string(i) + ".txt"))
                << "Page générée " << i << "\n\nPublié le 2 février 2023\n\nLe conseil municipal numéro " << i
                << " a voté le budget de l'année après un long débat sur les travaux de voirie.\n";
    }
    const size_t total = 8 + kRecords + kPages;
    bool interrupted = false;
    {
        Background indexer(FNS_INDEXER, {"--db", dir / "db", dir / "in"});
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        interrupted = indexer.running();
        if (!interrupted)
            MESSAGE("the indexer finished before it could be interrupted; the crash part was not exercised");
        indexer.kill_now(SIGKILL);
        const auto code = indexer.wait_for(std::chrono::seconds(30));
        REQUIRE(code);
        if (interrupted) CHECK(*code == 128 + SIGKILL);
    }
    // The database opens: the searcher answers, and the committed articles are all there.
    const RunResult searched = run_searcher({"--db", dir / "db", "--format", "json", "tapisserie"});
    INFO(searched.err);
    CHECK(searched.exit_code == 0);
    const size_t after_kill = doc_count(dir / "db");
    CHECK(after_kill >= 8);
    // (Not asserted: after_kill < total. Xapian commits on its own every 10,000 changes, and the kill may
    // land between the final commit and the exit.)
    MESSAGE("articles in the database after the kill: ", after_kill, " of ", total);
    CHECK(includes_all(id_set(dir / "db"), formats_ids()));

    const RunResult rerun = run_indexer({"--db", dir / "db", "--quiet", dir / "in"});
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(doc_count(dir / "db") == total);
    CHECK(search_ids(dir / "db", {"\"conseil municipal numéro 1499\""}) == std::vector<std::string>{"generated/p1499.txt"});
    const auto hits = search_json(dir / "db", {"\"Dépêche numéro 19999\""});
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].at("id") == "gen-19999");
    // Another run finds nothing left to do.
    const RunResult third = run_indexer({"--db", dir / "db", dir / "in"});
    const auto summary = parse_summary(third.out);
    REQUIRE(summary);
    CHECK(summary->files_indexed == 0);
    CHECK(summary->in_database == static_cast<long>(total));
}

TEST_CASE("usage errors exit with code 2") {
    TempDir dir;
    dir.write("in/good.txt", kGoodPage);
    const RunResult no_db = run_indexer({dir / "in"});
    CHECK(no_db.exit_code == 2);
    CHECK(contains(no_db.err, "--db"));
    const RunResult unknown = run_indexer({"--db", dir / "db", "--frobnicate", dir / "in"});
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "unknown option --frobnicate"));
    const RunResult no_path = run_indexer({"--db", dir / "db"});
    CHECK(no_path.exit_code == 2);
    const RunResult bad_threads = run_indexer({"--db", dir / "db", "--threads", "zero", dir / "in"});
    CHECK(bad_threads.exit_code == 2);
    for (const char* number : {"2x", "0", "-1", ""}) {  // a number written alone, from 1
        INFO("--threads ", number);
        const RunResult r = run_indexer({"--db", dir / "db", "--threads", number, dir / "in"});
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "--threads takes a number from 1 to 256"));
    }
    CHECK(run_indexer({"--db", dir / "db", "--shards", "3 ", dir / "in"}).exit_code == 2);
    const RunResult missing_value = run_indexer({dir / "in", "--db"});
    CHECK(missing_value.exit_code == 2);
    // None of them created a database.
    CHECK_FALSE(fs::exists(dir / "db"));
    // --help is not an error.
    const RunResult help = run_indexer({"--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "usage: indexer"));
}

namespace {

// A scraped page saved as text, indexed alone: every query finds it with its date; its "Recent Posts"
// teasers (a Nintendo Switch story) are not part of the article.
void check_scraped_page_indexed(const std::string& page, const std::vector<std::string>& queries, const char* date) {
    TempDir dir;
    fs::create_directories(dir / "pages");
    fs::copy_file(page, dir / "pages/page.txt");
    const RunResult indexed = run_indexer({"--db", dir / "db", dir / "pages"});
    REQUIRE_MESSAGE(indexed.exit_code == 0, indexed.err);
    for (const std::string& query : queries) {
        INFO("query: ", query);
        const auto hits = search_json(dir / "db", {query});
        REQUIRE(hits.size() == 1);
        CHECK(hits[0].at("id") == "page.txt");
        CHECK(hits[0].at("date") == date);
    }
    CHECK(search_ids(dir / "db", {"Nintendo Switch"}).empty());
}

}  // namespace

TEST_CASE("indexing the seed article makes it findable by every spelling of its subject") {
    if (!fs::exists(kSeedFile)) {
        MESSAGE("skipped: the seed article is missing (", kSeedFile, "; ../shared is not beside this clone); "
                "the next test covers the same cases on a page of corpus/");
        return;
    }
    check_scraped_page_indexed(kSeedFile, {"accord", "etats unis", "États-Unis", "ETATS-UNIS", "l'accord", "russes",
                                           "drone", "Tiani", "soldat americain"},
                               "2024-04-19");
}

TEST_CASE("indexing a hand-written page of the seed's shape makes it findable, without its teasers") {
    check_scraped_page_indexed(kCorpusDir + "/text/drones-feux-de-foret-sud-est.txt",
                               {"drone", "drones thermiques", "DRONES", "sud-est", "Sud Est", "pompiers",
                                "sécurité civile", "securite civile"},
                               "2024-04-19");
    check_scraped_page_indexed(kCorpusDir + "/text/instructeurs-russes-burkina-faso.txt",
                               {"russes", "instructeurs", "Ouagadougou", "d'État", "burkinabè"}, "2024-01-24");
}

// --- Issue 12: never lose what the user has -------------------------------------------------------------

namespace {

std::set<std::string> listing(const std::string& folder) {
    std::set<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        names.insert(fs::relative(entry.path(), folder).string());
    return names;
}

// A string literal with its NUL bytes.
template <size_t N>
std::string with_nul(const char (&literal)[N]) {
    return std::string(literal, N - 1);
}

std::string news_page(const std::string& title, const std::string& body) {
    return title + "\n\nPublié le 8 janvier 2024 à 09h00\n\n" + body + "\n";
}

}  // namespace

TEST_CASE("--db naming a folder that is not a database: refused before anything is touched") {
    TempDir dir;
    dir.write("in/good.txt", kGoodPage);
    dir.write("documents/rapport.txt", "Le rapport annuel.\n");
    dir.write("documents/photos/plage.jpg", "pas une image");
    const auto before = listing(dir / "documents");
    const RunResult r = run_indexer({"--db", dir / "documents", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK(contains(r.err, dir / "documents"));
    CHECK(contains(r.err, "not a database"));
    CHECK(listing(dir / "documents") == before);

    // The folder being indexed, given as the database too (`--db corpus corpus`).
    const auto in_before = listing(dir / "in");
    const RunResult same = run_indexer({"--db", dir / "in", dir / "in"});
    CHECK(same.exit_code == 3);
    CHECK(listing(dir / "in") == in_before);

    // An empty folder is fine: the database is made in it.
    fs::create_directories(dir / "empty");
    const RunResult empty = run_indexer({"--db", dir / "empty", dir / "in"});
    INFO(empty.err);
    CHECK(empty.exit_code == 0);
    CHECK(search_ids(dir / "empty", {"patineurs"}) == std::vector<std::string>{"good.txt"});
}

TEST_CASE("--db a symbolic link to a folder: the database is written through the link") {
    TempDir dir;
    dir.write("in/good.txt", kGoodPage);
    fs::create_directories(dir / "big-disk/news.db");
    fs::create_directory_symlink(dir / "big-disk/news.db", dir / "news.db");
    const RunResult r = run_indexer({"--db", dir / "news.db", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(fs::is_symlink(dir / "news.db"));
    CHECK(doc_count(dir / "big-disk/news.db") == 1);
    CHECK(search_ids(dir / "news.db", {"patineurs"}) == std::vector<std::string>{"good.txt"});
    CHECK_FALSE(fs::exists(dir / "news.db.build"));
    CHECK_FALSE(fs::exists(dir / "big-disk/news.db.build"));

    // The next run (incremental) goes through the link too.
    dir.write("in/second.txt", news_page("Les skieurs de fond", "Les skieurs de fond profitent de la neige."));
    const RunResult again = run_indexer({"--db", dir / "news.db", dir / "in"});
    INFO(again.err);
    CHECK(again.exit_code == 0);
    CHECK(fs::is_symlink(dir / "news.db"));
    CHECK(doc_count(dir / "big-disk/news.db") == 2);
}

TEST_CASE("a build folder left by a run killed just after the swap is removed by the next run") {
    TempDir dir;
    dir.write("in/good.txt", kGoodPage);
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    // What a run killed between moving its merged database in and removing its work folder leaves: the
    // work folder with the indexer's mark, the empty database it moved aside, and shard parts.
    dir.write("db.build/fns-indexer-build", "");
    { Xapian::WritableDatabase(dir / "db.build/empty", Xapian::DB_CREATE); }
    { Xapian::WritableDatabase(dir / "db.build/shard-0-0", Xapian::DB_CREATE); }
    const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(fs::exists(dir / "db.build"));
    CHECK(doc_count(dir / "db") == 1);

    // A folder of that name that the indexer did not make is never deleted, not even by a full build.
    dir.write("other.db.build/mes-notes.txt", "à garder");
    const RunResult full = run_indexer({"--db", dir / "other.db", dir / "in"});
    INFO(full.err);
    CHECK(fs::exists(dir / "other.db.build/mes-notes.txt"));
    CHECK(full.exit_code == 3);
    CHECK(contains(full.err, dir / "other.db.build"));
    const RunResult kept = run_indexer({"--db", dir / "db", dir / "in"});
    CHECK(kept.exit_code == 0);
    CHECK(fs::exists(dir / "other.db.build/mes-notes.txt"));
}

TEST_CASE("two files with the same record id: the first path owns it, the other is reported and kept on record") {
    TempDir dir;
    const std::string first =
        "{\"id\": \"dup-1\", \"date\": \"2024-02-01\", \"title\": \"Les pêcheurs de Boulogne\", \"body\": \"Les harengs "
        "reviennent au port.\"}\n";
    const std::string second =
        "{\"id\": \"dup-1\", \"date\": \"2024-02-01\", \"title\": \"Les pêcheurs de Boulogne\", \"body\": \"Les "
        "maquereaux reviennent au port.\"}\n"
        "{\"id\": \"solo-2\", \"title\": \"Les dockers\", \"body\": \"Les dockers votent la grève.\"}\n";
    dir.write("in/b/second.jsonl", second);
    dir.write("in/a/first.jsonl", first);
    for (int run = 0; run < 2; ++run) {  // a full build, then a run that re-reads both
        if (run == 1) {
            touch_later(dir / "in/a/first.jsonl", 5);
            touch_later(dir / "in/b/second.jsonl", 5);
        }
        const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
        INFO(r.err);
        CHECK(r.exit_code == 0);
        const auto warnings = lines_with(r.err, "dup-1");
        REQUIRE(warnings.size() == 1);
        CHECK(contains(warnings[0], "second.jsonl"));
        CHECK(contains(warnings[0], "first.jsonl"));
        CHECK(contains(r.out, "1 duplicate ids"));
        CHECK(search_ids(dir / "db", {"harengs"}) == std::vector<std::string>{"dup-1"});
        CHECK(search_ids(dir / "db", {"maquereaux"}).empty());
        CHECK(doc_count(dir / "db") == 2);
    }

    // The file that does not own the id goes: the article stays.
    fs::remove(dir / "in/b/second.jsonl");
    RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    CHECK(r.exit_code == 0);
    CHECK(search_ids(dir / "db", {"harengs"}) == std::vector<std::string>{"dup-1"});
    CHECK(doc_count(dir / "db") == 1);

    // It comes back, then the owner goes: the other file's record takes over in that run.
    dir.write("in/b/second.jsonl", second);
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    CHECK(search_ids(dir / "db", {"harengs"}) == std::vector<std::string>{"dup-1"});
    fs::remove(dir / "in/a/first.jsonl");
    r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(search_ids(dir / "db", {"maquereaux"}) == std::vector<std::string>{"dup-1"});
    CHECK(search_ids(dir / "db", {"harengs"}).empty());
    CHECK(doc_count(dir / "db") == 2);
    r = run_indexer({"--db", dir / "db", dir / "in"});
    CHECK(search_ids(dir / "db", {"maquereaux"}) == std::vector<std::string>{"dup-1"});

    // A new file earlier in the order takes the id over; when it drops the id, the other file's record
    // comes back (on that run or the next).
    dir.write("in/a/first.jsonl", first);
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    CHECK(search_ids(dir / "db", {"harengs"}) == std::vector<std::string>{"dup-1"});
    CHECK(search_ids(dir / "db", {"maquereaux"}).empty());
    dir.write("in/a/first.jsonl",
              "{\"id\": \"autre-3\", \"title\": \"Les mareyeurs\", \"body\": \"Les mareyeurs achètent la pêche.\"}\n");
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    CHECK(search_ids(dir / "db", {"maquereaux"}) == std::vector<std::string>{"dup-1"});
    CHECK(search_ids(dir / "db", {"harengs"}).empty());
    CHECK(id_set(dir / "db") == std::set<std::string>{"dup-1", "solo-2", "autre-3"});
}

namespace {

// Runs the indexer as user nobody when the tests run as root (root reads every folder whatever its
// permissions); make_writable_by_all gives it the temporary folder first.
RunResult run_indexer_unprivileged(const std::vector<std::string>& args) {
    if (::geteuid() != 0) return run_indexer(args);
    std::vector<std::string> full = {"--reuid=65534", "--regid=65534", "--clear-groups", FNS_INDEXER};
    full.insert(full.end(), args.begin(), args.end());
    return run("/usr/bin/setpriv", full);
}

void make_writable_by_all(const TempDir& dir) {
    for (const auto& entry : fs::recursive_directory_iterator(dir.path()))
        fs::permissions(entry.path(), fs::perms::all, fs::perm_options::add);
    fs::permissions(dir.path(), fs::perms::all, fs::perm_options::add);
}

}  // namespace

TEST_CASE("an unreadable subfolder keeps its articles") {
    if (::geteuid() == 0 && !fs::exists("/usr/bin/setpriv")) {
        MESSAGE("skipped: running as root and setpriv (util-linux) is missing to run the indexer as nobody");
        return;
    }
    TempDir dir;
    dir.write("in/ok/a.txt", news_page("Les castors du Rhône", "Une famille de castors s'installe sur le Rhône."));
    dir.write("in/prive/b.txt", news_page("Les loutres de Bretagne", "Les loutres reviennent dans les rivières."));
    make_writable_by_all(dir);
    REQUIRE(run_indexer_unprivileged({"--db", dir / "db", dir / "in"}).exit_code == 0);
    REQUIRE(doc_count(dir / "db") == 2);
    fs::permissions(dir / "in/prive", fs::perms::none);
    const RunResult r = run_indexer_unprivileged({"--db", dir / "db", dir / "in"});
    fs::permissions(dir / "in/prive", fs::perms::owner_all);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const auto messages = lines_with(r.err, "prive");
    REQUIRE(messages.size() == 1);
    CHECK(contains(messages[0], "cannot read folder"));
    CHECK(doc_count(dir / "db") == 2);
    CHECK(search_ids(dir / "db", {"loutres"}) == std::vector<std::string>{"prive/b.txt"});
}

TEST_CASE("a run that would delete most of the database refuses without --allow-mass-delete") {
    TempDir dir;
    for (int i = 0; i < 30; ++i)
        dir.write("mnt/page" + std::to_string(i) + ".txt",
                  news_page("Chronique " + std::to_string(i), "Les marins du port numéro " + std::to_string(i) + "."));
    REQUIRE(run_indexer({"--db", dir / "db", dir / "mnt"}).exit_code == 0);
    REQUIRE(doc_count(dir / "db") == 30);

    // Fewer than half: deleted without asking.
    for (int i = 0; i < 12; ++i) fs::remove(dir / ("mnt/page" + std::to_string(i) + ".txt"));
    RunResult r = run_indexer({"--db", dir / "db", dir / "mnt"});
    CHECK(r.exit_code == 0);
    CHECK(doc_count(dir / "db") == 18);

    // The folder is now empty (an unmounted mount point): nothing is deleted, exit code 4.
    fs::remove_all(dir / "mnt");
    fs::create_directories(dir / "mnt");
    r = run_indexer({"--db", dir / "db", dir / "mnt"});
    INFO(r.err);
    CHECK(r.exit_code == 4);
    CHECK(contains(r.err, "--allow-mass-delete"));
    CHECK(contains(r.err, "18"));
    CHECK(doc_count(dir / "db") == 18);
    r = run_indexer({"--db", dir / "db", "--allow-mass-delete", dir / "mnt"});
    CHECK(r.exit_code == 0);
    CHECK(doc_count(dir / "db") == 0);
}

TEST_CASE("keys over Xapian's term limit (long paths, ids, sources) are indexed, the full values kept") {
    TempDir dir;
    const std::string folder = std::string(120, 'd') + "/" + std::string(120, 'e');
    const std::string long_path = folder + "/" + std::string(60, 'p') + ".txt";
    dir.write("in/" + long_path, news_page("Les bouquetins du Vercors", "Les bouquetins gambadent."));
    const std::string long_id = "https://www.exemple.fr/" + std::string(400, 'x') + "?page=1";
    const std::string long_source = "Agence" + std::string(300, 'z');
    dir.write("in/fil.jsonl", "{\"id\": \"" + long_id + "\", \"source\": \"" + long_source +
                                  "\", \"url\": \"https://exemple.fr/" + std::string(300, 'u') +
                                  "\", \"title\": \"Les chamois\", \"body\": \"Les chamois grimpent.\"}\n"
                                  "{\"id\": \"court\", \"title\": \"Les marmottes\", \"body\": \"Les marmottes dorment.\"}\n");
    for (int run = 0; run < 2; ++run) {
        if (run == 1) touch_later(dir / "in/fil.jsonl", 5);
        const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(only_hit(dir / "db", "bouquetins").at("id") == long_path);
        CHECK(only_hit(dir / "db", "chamois").at("id") == long_id);
        CHECK(only_hit(dir / "db", "chamois").at("source") == long_source);
        CHECK(only_hit(dir / "db", "marmottes").at("id") == "court");
        CHECK(doc_count(dir / "db") == 3);
    }
}

TEST_CASE("stray NUL bytes: dropped from a page - in JSON Lines only the record holding one is skipped") {
    TempDir dir;
    dir.write("in/page.html", with_nul("<html><head><title>Les vignerons de Cahors</title></head><body><p>Les "
                                       "vignerons\0 de Cahors vendangent\0 sous le soleil.</p></body></html>"));
    dir.write("in/fil.jsonl", with_nul("{\"id\": \"n1\", \"title\": \"Les bergers\", \"body\": \"Des bergers.\"}\n"
                                       "{\"id\": \"n2\", \"title\": \"Les meuniers\", \"body\": \"Des\0 meuniers.\"}\n"
                                       "{\"id\": \"n3\", \"title\": \"Les potiers\", \"body\": \"Des potiers.\"}\n"));
    const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(lines_of(r.err).size() == 1);
    CHECK(contains(r.err, "fil.jsonl: line 2"));
    CHECK(search_ids(dir / "db", {"vendangent"}) == std::vector<std::string>{"page.html"});
    CHECK(search_ids(dir / "db", {"bergers"}) == std::vector<std::string>{"n1"});
    CHECK(search_ids(dir / "db", {"potiers"}) == std::vector<std::string>{"n3"});
    CHECK(search_ids(dir / "db", {"meuniers"}).empty());
}

TEST_CASE("one invalid UTF-8 byte in a large UTF-8 file: the file stays UTF-8, the byte replaced and counted") {
    TempDir dir;
    std::string lines;
    for (int i = 0; i < 300; ++i)
        lines += "{\"id\": \"p" + std::to_string(i) + "\", \"title\": \"Le président numéro " + std::to_string(i) +
                 "\", \"body\": \"Le président a reçu les élus de la commune " + std::to_string(i) + " " + (i == 200 ? std::string("\xE9") : std::string("")) +
                 "à l'Élysée.\"}\n";
    dir.write("in/fil.jsonl", lines);
    const RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(search_ids(dir / "db", {"--limit", "1000", "--all-copies", "président"}).size() == 300);
    CHECK(search_ids(dir / "db", {"--limit", "1000", "--all-copies", "élysée"}).size() == 300);
    const auto warnings = lines_with(r.err, "fil.jsonl");
    REQUIRE(warnings.size() == 1);
    CHECK(contains(warnings[0], "1 invalid UTF-8"));
}

TEST_CASE("a file edited keeping its size and modification time is noticed - --force re-reads everything") {
    TempDir dir;
    const std::string path = dir.write("in/page.txt", news_page("Les cerfs", "Les cerfs brament en forêt."));
    dir.write("in/other.txt", news_page("Les daims", "Les daims broutent."));
    REQUIRE(run_indexer({"--db", dir / "db", dir / "in"}).exit_code == 0);
    const auto mtime = fs::last_write_time(path);
    dir.write("in/page.txt", news_page("Les cerfs", "Les lynx chassent en forêt."));
    fs::last_write_time(path, mtime);
    RunResult r = run_indexer({"--db", dir / "db", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(search_ids(dir / "db", {"lynx"}) == std::vector<std::string>{"page.txt"});
    CHECK(search_ids(dir / "db", {"brament"}).empty());
    auto summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->files_indexed == 1);
    CHECK(summary->unchanged == 1);

    r = run_indexer({"--db", dir / "db", "--force", dir / "in"});
    CHECK(r.exit_code == 0);
    summary = parse_summary(r.out);
    REQUIRE(summary);
    CHECK(summary->files_indexed == 2);
    CHECK(summary->unchanged == 0);
    CHECK(doc_count(dir / "db") == 2);
}

TEST_CASE("messages: links, hidden files, blank pages, array bodies, bad dates - --verbose - counts add up") {
    TempDir dir;
    dir.write("in/good.txt", kGoodPage);
    dir.write("in/.brouillon.txt", news_page("Brouillon", "Un brouillon caché."));
    dir.write("in/blanc.txt", "  \n\n\t \n");
    dir.write("elsewhere/loin.txt", news_page("Les hérons", "Les hérons pêchent."));
    fs::create_directory_symlink(dir / "elsewhere", dir / "in/lien");
    fs::create_symlink(dir / "in/boucle-b.txt", dir / "in/boucle-a.txt");
    fs::create_symlink(dir / "in/boucle-a.txt", dir / "in/boucle-b.txt");
    dir.write("in/fil.jsonl",
              "{\"id\": \"arr\", \"date\": \"bientôt\", \"title\": \"Les cormorans\", \"body\": [\"Premier paragraphe "
              "sur les cormorans.\", \"Second paragraphe sur les goélands.\"]}\n");
    const RunResult r = run_indexer({"--db", dir / "db", "--verbose", dir / "in"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const auto loop = lines_with(r.err, "boucle-a.txt");
    REQUIRE_FALSE(loop.empty());
    CHECK(contains(loop[0], "symbolic link loop"));
    CHECK_FALSE(contains(r.err, "broken"));
    CHECK(contains(lines_with(r.err, "lien").at(0), "link to a folder"));
    CHECK(contains(lines_with(r.err, "blanc.txt").at(0), "no text"));
    CHECK(contains(lines_with(r.err, "bientôt").at(0), "fil.jsonl: line 1"));
    CHECK(lines_with(r.err, "good.txt").size() == 1);  // --verbose: one line for each file
    CHECK(lines_with(r.err, "fil.jsonl").size() == 2);  // the date, then the file
    CHECK(search_ids(dir / "db", {"goélands"}) == std::vector<std::string>{"arr"});
    CHECK(contains(r.out, "1 hidden"));
    const auto summary = parse_summary(r.out);
    REQUIRE(summary);
    // good.txt, blanc.txt, fil.jsonl, the two looping links, the hidden file and the link to a folder.
    CHECK(summary->seen == 7);
    CHECK(summary->files_indexed == 2);
    CHECK(summary->skipped == 3);
}

// Term-at-a-time ranking must give what Xapian's Enquire gives for the same words-only query: the same
// documents in the same order, with the same BM25 scores (to rounding), with and without collapsing
// near-duplicates and date bounds.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "query_parser.h"
#include "search.h"
#include "schema.h"
#include "term_at_a_time.h"

namespace {

namespace fs = std::filesystem;

// A database of generated articles: words drawn from a skewed vocabulary, some exact copies.
fs::path build_database(const fs::path& dir) {
    const std::vector<std::string> vocabulary = {
        "accord", "États-Unis", "soldats", "Niger", "drone", "russes", "élection", "gouvernement", "Paris",
        "économie", "pêche", "marché", "climat", "énergie", "négociations", "président", "ministre", "grève",
        "inflation", "budget", "santé", "hôpital", "école", "football", "tempête", "incendie", "vaccin",
    };
    std::mt19937 random(42);
    std::uniform_int_distribution<size_t> length(5, 120);
    std::geometric_distribution<size_t> word(0.15);
    fns::FrenchAnalyzer analyzer;
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    std::string previous_body;
    for (int i = 0; i < 1500; ++i) {  // enough for the frequent words to be decoded lists (512 postings and more)
        fns::schema::StoredArticle stored;
        stored.article.id = "doc-" + std::to_string(i);
        for (int w = 0; w < 4; ++w) stored.article.title += vocabulary[word(random) % vocabulary.size()] + " ";
        if (i % 25 == 7) {
            stored.article.body = previous_body;  // a syndicated copy
        } else {
            for (size_t w = length(random); w > 0; --w)
                stored.article.body += vocabulary[word(random) % vocabulary.size()] + " ";
        }
        if (i % 3 != 0) stored.article.published = fns::Date{2020 + i % 5, 1 + i % 12, 1 + i % 28};
        previous_body = stored.article.body;
        db.add_document(fns::schema::make_document(stored, "file", analyzer));
    }
    db.set_metadata(std::string(fns::schema::kVersionKey), std::to_string(fns::schema::kSchemaVersion));
    db.commit();
    return dir;
}

struct Case {
    const char* query;
    bool collapse;
    std::optional<fns::Date> from, to;
};

}  // namespace

TEST_CASE("term-at-a-time ranking equals Enquire's BM25 ranking") {
    const fs::path dir = fs::temp_directory_path() / ("fns-taat-" + std::to_string(std::random_device{}()));
    Xapian::Database db(build_database(dir).string());
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    fns::TermAtATimeMatcher matcher(db);
    const std::vector<Case> cases = {
        {"accord soldats", false, {}, {}},
        {"accord soldats", true, {}, {}},
        {"économie négociations ministre budget santé", true, {}, {}},
        {"climat climat tempête", false, {}, {}},  // a repeated word: wqf 2
        {"pêche marché", true, fns::Date{2021, 1, 1}, fns::Date{2022, 12, 31}},
        {"président", false, fns::Date{2023, 6, 1}, {}},
        {"président", false, {}, fns::Date{2099, 12, 31}},  // undated articles never match a date bound
        {"mot absent", true, {}, {}},
    };
    for (const Case& c : cases) {
        INFO("query: ", c.query, ", collapse: ", c.collapse);
        const fns::ParsedQuery parsed = parser.parse_plain(c.query);
        REQUIRE(parsed.words_only.has_value());

        Xapian::Enquire enquire(db);
        Xapian::Query query = parsed.query;
        if (c.from || c.to) query = Xapian::Query(Xapian::Query::OP_FILTER, query, fns::date_range_query(c.from, c.to));
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
        if (c.collapse) enquire.set_collapse_key(fns::schema::kDupKeySlot);
        const Xapian::MSet mset = enquire.get_mset(0, 20, db.get_doccount());  // exact counts

        fns::TermAtATimeMatcher::Request request;
        request.limit = 20;
        request.collapse_duplicates = c.collapse;
        request.from = c.from;
        request.to = c.to;
        const fns::TermAtATimeResult result = matcher.rank(*parsed.words_only, request);

        REQUIRE(result.documents.size() == mset.size());
        size_t i = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
            CHECK(result.documents[i].docid == *it);
            CHECK(result.documents[i].score == doctest::Approx(it.get_weight()).epsilon(1e-9));
        }
        if (!c.collapse) CHECK(result.matches == mset.get_matches_lower_bound());
    }
    std::error_code error;
    fs::remove_all(dir, error);
}

TEST_CASE("the bonus for the days a query names is the same term at a time and through Enquire") {
    const fs::path dir = fs::temp_directory_path() / ("fns-taat-days-" + std::to_string(std::random_device{}()));
    build_database(dir);
    fns::Searcher searcher({dir.string()});
    for (const std::string text : {"président accord jeudi", "économie budget le 3 mars", "climat samedi 5 mai 2021"}) {
        INFO("query: ", text);
        const fns::ParsedQuery parsed = searcher.parse_plain(text);
        REQUIRE(!parsed.date_mentions.empty());
        fns::SearchOptions options;
        options.limit = 300;
        const fns::Ranking term_at_a_time = searcher.rank(parsed, options);
        options.month_facets = true;  // ranked by Enquire
        const fns::Ranking enquire = searcher.rank(parsed, options);
        REQUIRE(term_at_a_time.documents.size() == enquire.documents.size());
        bool some_bonus = false;
        for (size_t i = 0; i < enquire.documents.size(); ++i) {
            CHECK(term_at_a_time.documents[i].docid == enquire.documents[i].docid);
            CHECK(term_at_a_time.documents[i].score == doctest::Approx(enquire.documents[i].score).epsilon(1e-9));
            CHECK(term_at_a_time.documents[i].date_bonus ==
                  doctest::Approx(enquire.documents[i].date_bonus).epsilon(1e-9));
            some_bonus = some_bonus || enquire.documents[i].date_bonus > 0;
        }
        CHECK(some_bonus);
    }
    std::error_code error;
    fs::remove_all(dir, error);
}

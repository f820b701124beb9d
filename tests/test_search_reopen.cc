// A searcher that stays open while an indexer commits: the revision it reads is discarded after two
// commits, and Xapian then throws DatabaseModifiedError. The searcher must reopen the database, drop what
// its term-at-a-time matcher cached from the old revision (document lengths, dates, collapse keys, decoded
// posting lists) and answer from the new one.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "schema.h"
#include "search.h"

namespace {

namespace fs = std::filesystem;

void add_articles(Xapian::WritableDatabase& db, int first, int count, const std::string& extra_word) {
    const std::vector<std::string> vocabulary = {"accord", "soldats", "drone", "élection", "marché", "climat",
                                                 "grève", "budget", "tempête", "ministre", "école", "vaccin"};
    fns::FrenchAnalyzer analyzer;
    std::mt19937 random(static_cast<unsigned>(first));
    for (int i = first; i < first + count; ++i) {
        fns::schema::StoredArticle stored;
        stored.article.id = "doc-" + std::to_string(i);
        stored.article.title = vocabulary[i % vocabulary.size()];
        for (int w = 0; w < 40 + i % 50; ++w) stored.article.body += vocabulary[random() % vocabulary.size()] + " ";
        stored.article.body += extra_word;
        stored.article.published = fns::Date{2020 + i % 5, 1 + i % 12, 1 + i % 28};
        db.add_document(fns::schema::make_document(stored, "file", analyzer));
    }
}

}  // namespace

TEST_CASE("the searcher reopens a database an indexer rewrote, and drops what it cached from it") {
    const fs::path dir = fs::temp_directory_path() / ("fns-reopen-" + std::to_string(std::random_device{}()));
    {
        Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        add_articles(db, 0, 1500, "");
        db.set_metadata(std::string(fns::schema::kVersionKey), std::to_string(fns::schema::kSchemaVersion));
        db.commit();
    }
    fns::Searcher searcher({dir.string()});
    fns::SearchOptions options;
    options.limit = 50;
    options.from = fns::Date{2021, 1, 1};  // dates and lengths cached too
    const fns::ParsedQuery words = searcher.parse("accord soldats drone");
    REQUIRE(words.words_only);
    REQUIRE(searcher.rank(words, options).documents.size() == 50);

    // An indexer adds and rewrites articles in several commits: the searcher's revision is gone.
    {
        Xapian::WritableDatabase db(dir.string(), Xapian::DB_OPEN);
        for (int round = 0; round < 4; ++round) {
            add_articles(db, 1500 + round * 1500, 1500, "zeppelin");
            for (Xapian::docid docid = 1 + round; docid <= 1500; docid += 4) db.delete_document(docid);
            db.commit();
        }
    }
    const fns::ParsedQuery new_words = searcher.parse("zeppelin accord");
    REQUIRE(new_words.words_only);
    const fns::Ranking after = searcher.rank(new_words, options);
    REQUIRE(after.documents.size() == 50);
    CHECK(after.matches_lower > 1500);  // the new articles are seen
    // The same ranking as a fresh reader's Enquire (--facets goes through Enquire): nothing stale.
    fns::Searcher fresh({dir.string()});
    fns::SearchOptions enquire_options = options;
    enquire_options.month_facets = true;
    const fns::Ranking expected = fresh.rank(fresh.parse("zeppelin accord"), enquire_options);
    REQUIRE(expected.documents.size() == after.documents.size());
    for (size_t i = 0; i < after.documents.size(); ++i) {
        CHECK(after.documents[i].docid == expected.documents[i].docid);
        CHECK(after.documents[i].score == doctest::Approx(expected.documents[i].score).epsilon(1e-9));
    }
    // Whole searches (ranking, then the hits' stored articles) too.
    const fns::SearchResults results = searcher.search(searcher.parse("\"zeppelin\" accord"), options);
    CHECK(results.hits.size() == 50);
    std::error_code error;
    fs::remove_all(dir, error);
}

// Term-at-a-time ranking must give what Xapian's Enquire gives for the same words-only query: the same
// documents in the same order, with the same BM25 scores (to rounding), with and without collapsing
// near-duplicates and date bounds.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
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

// A database at `dir` of `count` undated articles ("article-N"), the body of the i-th made by `body_of(i)`.
void write_articles(const fs::path& dir, int count, const std::function<std::string(int)>& body_of) {
    fns::FrenchAnalyzer analyzer;
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    for (int i = 0; i < count; ++i) {
        fns::schema::StoredArticle stored;
        stored.article.id = "article-" + std::to_string(i);
        stored.article.body = body_of(i);
        db.add_document(fns::schema::make_document(stored, "file", analyzer));
    }
    db.set_metadata(std::string(fns::schema::kVersionKey), std::to_string(fns::schema::kSchemaVersion));
    db.commit();
}

// The copies each kept article stands for, as the matcher counts them: walking every match best first
// (equal scores by docid), the copies met before the page is full, and after it until the next story.
std::vector<Xapian::doccount> copies_counted(const Xapian::Database& db, const Xapian::Query& query, size_t page) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    std::vector<Xapian::doccount> copies;
    std::map<std::string, size_t> kept;
    for (auto it = all.begin(); it != all.end(); ++it) {
        const std::string key = it.get_document().get_value(fns::schema::kDupKeySlot);
        if (!key.empty()) {
            if (auto found = kept.find(key); found != kept.end()) {
                ++copies[found->second];
                continue;
            }
        }
        if (copies.size() == page) break;
        if (!key.empty()) kept.emplace(key, copies.size());
        copies.push_back(0);
    }
    return copies;
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
    // A process answering many queries keeps lengths and lists decoded; one answering a single query (a
    // matcher new for each) reads the lengths with the postings when its lists are shorter than the collection.
    fns::TermAtATimeMatcher many_queries(db);
    const std::vector<Case> cases = {
        {"accord soldats", false, {}, {}},
        {"accord soldats", true, {}, {}},
        {"économie négociations ministre budget santé", true, {}, {}},
        {"climat climat tempête", false, {}, {}},  // a repeated word: wqf 2
        {"pêche marché", true, fns::Date{2021, 1, 1}, fns::Date{2022, 12, 31}},
        {"président", false, fns::Date{2023, 6, 1}, {}},
        {"président", false, {}, fns::Date{2099, 12, 31}},  // undated articles never match a date bound
        {"mot absent", true, {}, {}},
        {"vaccin président", false, {}, {}},  // a rare word and a common one: the common one is probed
        {"incendie tempête gouvernement accord", false, {}, {}},
        {"vaccin incendie", false, {}, {}},  // rare words: fewer postings than documents
        {"vaccin incendie", true, {}, {}},
    };
    size_t pruned_queries = 0;
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
        const std::vector<Xapian::doccount> copies = c.collapse ? copies_counted(db, query, 20) : std::vector<Xapian::doccount>{};

        // Every list read (this small collection is under the pruning threshold), then pruning forced.
        fns::TermAtATimeMatcher one_query(db);
        one_query.keep_decoded_lists(false);
        for (const bool pruned : {false, true})
        for (fns::TermAtATimeMatcher* matcher : {&many_queries, &one_query}) {
            INFO("pruning forced: ", pruned, matcher == &one_query ? ", one query" : ", many queries");
            fns::TermAtATimeMatcher::Request request;
            request.limit = 20;
            request.collapse_duplicates = c.collapse;
            request.from = c.from;
            request.to = c.to;
            if (pruned) request.min_postings_to_prune = 0;
            const fns::TermAtATimeResult result = matcher->rank(*parsed.words_only, request);

            REQUIRE(result.documents.size() == mset.size());
            size_t i = 0;
            for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
                CHECK(result.documents[i].docid == *it);
                CHECK(result.documents[i].score == doctest::Approx(it.get_weight()).epsilon(1e-9));
                if (c.collapse) CHECK(result.documents[i].copies == copies.at(i));
            }
            if (result.matches_lower != result.matches_upper) ++pruned_queries;
            if (c.collapse) continue;
            const Xapian::doccount exact = mset.get_matches_lower_bound();
            if (!pruned) {
                CHECK(result.matches_lower == exact);
                CHECK(result.matches_upper == exact);
            }
            CHECK(result.matches_lower <= exact);
            CHECK(result.matches_upper >= exact);
            CHECK(result.matches_estimated >= result.matches_lower);
            CHECK(result.matches_estimated <= result.matches_upper);
        }
    }
    CHECK(pruned_queries > 0);  // pruning was exercised
    std::error_code error;
    fs::remove_all(dir, error);
}

TEST_CASE("term at a time, collapsing a collection of copies: the page is still full, as Enquire's") {
    // Only the best scores become candidates (a threshold found first); when they collapse to less than
    // a page, every document is considered again. Here 9 articles in 10 are copies of a few stories.
    const fs::path dir = fs::temp_directory_path() / ("fns-taat-copies-" + std::to_string(std::random_device{}()));
    write_articles(dir, 900, [](int i) {
        const int story = i % 10 == 0 ? i : i % 3;  // stories 0, 1, 2 copied again and again
        std::string body = "grève des transports, histoire " + std::to_string(story) + " " +
                           std::string(static_cast<size_t>(story % 7 + 1), 'x') + " grève";
        for (int w = 0; w < story % 5; ++w) body += " grève";
        return body;
    });
    Xapian::Database db(dir.string());
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    fns::TermAtATimeMatcher matcher(db);
    const fns::ParsedQuery parsed = parser.parse_plain("grève transports");
    REQUIRE(parsed.words_only.has_value());
    Xapian::Enquire enquire(db);
    enquire.set_query(parsed.query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    enquire.set_collapse_key(fns::schema::kDupKeySlot);
    const Xapian::MSet mset = enquire.get_mset(0, 40);
    const std::vector<Xapian::doccount> copies = copies_counted(db, parsed.query, 40);
    REQUIRE(mset.size() == 40);
    for (const bool pruned : {false, true}) {
        INFO("pruning forced: ", pruned);
        fns::TermAtATimeMatcher::Request request;
        request.limit = 40;
        request.collapse_duplicates = true;
        if (pruned) request.min_postings_to_prune = 0;
        const fns::TermAtATimeResult result = matcher.rank(*parsed.words_only, request);
        REQUIRE(result.documents.size() == mset.size());
        size_t i = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
            CAPTURE(i);
            CHECK(result.documents[i].docid == *it);
            CHECK(result.documents[i].score == doctest::Approx(it.get_weight()).epsilon(1e-9));
            CHECK(result.documents[i].copies == copies.at(i));
        }
    }
    std::error_code error;
    fs::remove_all(dir, error);
}

TEST_CASE("term at a time, pruned: when the documents that can still rank collapse to less than a page, all "
          "are ranked again") {
    // 150 copies of one story hold the rare word; every article holds the common one. After the rare word,
    // pruning leaves only the copies to complete, and they collapse to one hit: the page needs the others.
    const fs::path dir = fs::temp_directory_path() / ("fns-taat-pruned-" + std::to_string(std::random_device{}()));
    write_articles(dir, 900, [](int i) {
        return i < 150 ? std::string("une rareté exemplaire racontée dans une histoire commune à toutes les dépêches du jour")
                       : "une histoire commune numéro " + std::to_string(i) +
                             " racontée avec des mots variés pour la dépêche " + std::to_string(i * 7);
    });
    Xapian::Database db(dir.string());
    fns::FrenchAnalyzer analyzer;
    fns::QueryParser parser(analyzer);
    fns::TermAtATimeMatcher matcher(db);
    const fns::ParsedQuery parsed = parser.parse_plain("rareté histoire");
    REQUIRE(parsed.words_only.has_value());
    Xapian::Enquire enquire(db);
    enquire.set_query(parsed.query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    enquire.set_collapse_key(fns::schema::kDupKeySlot);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    REQUIRE(mset.size() == 10);
    fns::TermAtATimeMatcher::Request request;
    request.limit = 10;
    request.collapse_duplicates = true;
    request.min_postings_to_prune = 0;
    const fns::TermAtATimeResult result = matcher.rank(*parsed.words_only, request);
    REQUIRE(result.documents.size() == mset.size());
    size_t i = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
        CAPTURE(i);
        CHECK(result.documents[i].docid == *it);
        CHECK(result.documents[i].score == doctest::Approx(it.get_weight()).epsilon(1e-9));
    }
    std::error_code error;
    fs::remove_all(dir, error);
}

TEST_CASE("the bonus for the days a query names is the same term at a time and through Enquire") {
    const fs::path dir = fs::temp_directory_path() / ("fns-taat-days-" + std::to_string(std::random_device{}()));
    build_database(dir);
    fns::Searcher searcher({dir.string()});
    // A page of 10 reads only the dates of the documents that can reach it; 300 read them all.
    for (const std::string text : {"président accord jeudi", "économie budget le 3 mars", "climat samedi 5 mai 2021"})
    for (const size_t limit : {10, 300})
    for (const bool collapse : {true, false}) {
        INFO("query: ", text, ", limit ", limit, collapse ? ", copies collapsed" : "");
        const fns::ParsedQuery parsed = searcher.parse_plain(text);
        REQUIRE(!parsed.date_mentions.empty());
        fns::SearchOptions options;
        options.limit = limit;
        options.collapse_duplicates = collapse;
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

TEST_CASE("huge-page vectors: small and large buffers hold what is written, large ones aligned to 2 MB") {
    for (const size_t count : {size_t{10}, size_t{1} << 18, size_t{3} << 20}) {
        CAPTURE(count);
        fns::HugePageVector<uint64_t> values;
        values.assign(count, 0);
        CHECK(std::all_of(values.begin(), values.end(), [](uint64_t v) { return v == 0; }));
        for (size_t i = 0; i < count; i += 4099) values[i] = i * 7 + 1;
        values.resize(count + 5000, 9);  // moved to a new buffer
        for (size_t i = 0; i < count; i += 4099) CHECK(values[i] == i * 7 + 1);
        CHECK(values.back() == 9);
        const bool large = values.capacity() * sizeof(uint64_t) >= fns::HugePageAllocator<uint64_t>::kHugePage;
        if (large) CHECK(reinterpret_cast<uintptr_t>(values.data()) % fns::HugePageAllocator<uint64_t>::kHugePage == 0);
    }
}

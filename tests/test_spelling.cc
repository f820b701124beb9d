// Spelling suggestions: edit distance, and the corrected query built from the index alone.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include "schema.h"
#include "spelling.h"

TEST_CASE("edit distance counts insertions, deletions, substitutions and transpositions") {
    CHECK(fns::edit_distance("gouvernement", "gouvernement", 2) == 0);
    CHECK(fns::edit_distance("gouvernemnt", "gouvernement", 2) == 1);
    CHECK(fns::edit_distance("gouvrenement", "gouvernement", 2) == 1);  // transposition
    CHECK(fns::edit_distance("gouv", "gouvernement", 2) == 3);          // past the limit: limit + 1
    CHECK(fns::edit_distance("", "abc", 5) == 3);
}

TEST_CASE("unknown words are replaced by the nearest frequent word, as articles write it") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("fns-spelling-" + std::to_string(std::random_device{}()));
    fns::FrenchAnalyzer analyzer;
    {
        Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        const char* bodies[] = {"Le gouvernement annonce un accord.", "Le gouvernement démissionne.",
                                "La gouvernance du club change."};
        int id = 0;
        for (const char* body : bodies) {
            fns::schema::StoredArticle stored;
            stored.article.id = std::to_string(++id);
            stored.article.body = body;
            db.add_document(fns::schema::make_document(stored, "", analyzer));
        }
    }
    const Xapian::Database db(dir.string());
    CHECK(fns::suggest_spelling(db, "gouvernemnt accord", analyzer) == "gouvernement accord");
    CHECK(fns::suggest_spelling(db, "accrod", analyzer) == "accord");
    CHECK_FALSE(fns::suggest_spelling(db, "accord gouvernement", analyzer).has_value());  // all known
    CHECK_FALSE(fns::suggest_spelling(db, "zzzzzz", analyzer).has_value());              // nothing near
    std::error_code error;
    fs::remove_all(dir, error);
}

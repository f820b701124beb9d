// Plain-text pages: title, dates from labels or prose, and the body without the site's furniture.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "text_extract.h"

namespace {

std::string read_seed() {
    std::ifstream in(FNS_SOURCE_DIR "/../shared/seeds/000_395bb47746e58448.txt");
    REQUIRE(in.good());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

const fns::Date kToday{2026, 11, 26};

}  // namespace

TEST_CASE("the seed article: title, date from its prose, body ending with the Niger paragraph") {
    const fns::Article article = fns::extract_text_page(read_seed(), kToday);
    CHECK(article.title == "Les États-Unis acceptent de retirer leurs troupes du Niger");
    REQUIRE(article.published.has_value());
    CHECK(article.published->iso() == "2024-04-19");
    CHECK(article.body.starts_with("Le régime militaire au pouvoir"));
    CHECK(article.body.ends_with("depuis 2020."));
    CHECK(article.body.find("Niger, comme le Burkina Faso et le Mali") != std::string::npos);
    for (const char* furniture : {"Recent Posts", "Nintendo", "minutes ago", "Charlotte", "coup de stylo",
                                  "Temps de lecture", "Publié"}) {
        INFO("furniture: ", furniture);
        CHECK(article.body.find(furniture) == std::string::npos);
    }
}

TEST_CASE("a dated label gives the publication date - an update label gives the updated date") {
    const fns::Article article = fns::extract_text_page(
        "Un titre\n\nPublié le 3 mars 2023 à 10h12\nMis à jour le 4 mars 2023 à 08h00\n\n"
        "Le texte de l'article, daté du 1er janvier 2020 dans sa prose.\n",
        kToday);
    CHECK(article.title == "Un titre");
    REQUIRE(article.published);
    CHECK(article.published->iso() == "2023-03-03");
    REQUIRE(article.updated);
    CHECK(article.updated->iso() == "2023-03-04");
    CHECK(article.body == "Le texte de l'article, daté du 1er janvier 2020 dans sa prose.");
}

TEST_CASE("a page without any date is undated, never dated by guess") {
    const fns::Article article =
        fns::extract_text_page("Titre\n\nUn texte sans la moindre date, ni jour ni année.\n", kToday);
    CHECK_FALSE(article.published.has_value());
}

TEST_CASE("a date after the crawl is not a publication date") {
    const fns::Article article =
        fns::extract_text_page("Titre\n\nPublié le 3 mars 2031\n\nUn texte.\n", fns::Date{2026, 11, 26});
    CHECK_FALSE(article.published.has_value());
}

TEST_CASE("furniture headings cut the body whatever their case and accents") {
    for (const char* heading : {"À lire aussi", "A LIRE AUSSI :", "Articles récents", "Sur le même sujet"}) {
        INFO("heading: ", heading);
        const fns::Article article = fns::extract_text_page(
            std::string("Titre\n\nLe vrai texte de l'article.\n\n") + heading + "\n\nUne autre histoire.\n", kToday);
        CHECK(article.body == "Le vrai texte de l'article.");
    }
}

TEST_CASE("paragraph lines are joined and whitespace collapsed") {
    const fns::Article article = fns::extract_text_page("  Titre  \n\nune ligne\ncoupée   en deux\n\n\n\nsuite\n", kToday);
    CHECK(article.title == "Titre");
    CHECK(article.body == "une ligne coupée en deux\n\nsuite");
}

TEST_CASE("an empty page has no title and no body") {
    const fns::Article article = fns::extract_text_page("\n\n  \n", kToday);
    CHECK(article.title.empty());
    CHECK(article.body.empty());
}

// Plain-text pages: title, dates from labels or prose, and the body without the site's furniture.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "text_extract.h"

namespace {

namespace fs = std::filesystem;

std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read ", path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

const std::string kSeedFile = FNS_SOURCE_DIR "/../shared/seeds/000_395bb47746e58448.txt";
const fns::Date kToday{2026, 11, 26};

// A page of scraped news as text: the title, the article, then the site's furniture (an author blurb, a
// "Recent Posts" list of teasers) that must not be part of the body.
struct ScrapedPage {
    std::string path;
    const char* title;
    const char* date;
    const char* body_starts;
    const char* body_ends;
    const char* body_holds;
    std::vector<const char*> furniture;  // none of it in the body
};

void check_scraped_page(const ScrapedPage& page) {
    CAPTURE(page.path);
    const fns::Article article = fns::extract_text_page(read_whole(page.path), kToday);
    CHECK(article.title == page.title);
    REQUIRE(article.published.has_value());
    CHECK(article.published->iso() == page.date);
    CHECK(article.body.starts_with(page.body_starts));
    CHECK(article.body.ends_with(page.body_ends));
    CHECK(article.body.find(page.body_holds) != std::string::npos);
    for (const char* furniture : page.furniture) {
        INFO("furniture: ", furniture);
        CHECK(article.body.find(furniture) == std::string::npos);
    }
}

}  // namespace

TEST_CASE("the seed article: title, date from its prose, body ending with the Niger paragraph") {
    if (!fs::exists(kSeedFile)) {
        MESSAGE("skipped: the seed article is missing (", kSeedFile, "; ../shared is not beside this clone); the "
                "hand-written pages of corpus/text cover the same cases");
        return;
    }
    check_scraped_page({kSeedFile, "Les États-Unis acceptent de retirer leurs troupes du Niger", "2024-04-19",
                        "Le régime militaire au pouvoir", "depuis 2020.", "Niger, comme le Burkina Faso et le Mali",
                        {"Recent Posts", "Nintendo", "minutes ago", "Charlotte", "coup de stylo", "Temps de lecture",
                         "Publié"}});
}

TEST_CASE("hand-written pages of the seed's shape: title, dated label or prose date, furniture cut") {
    // The same hard cases as the seed article, on pages of the repository: a "Publié le" label; a bare
    // "Publié" with the date only in the prose (a weekday and a day, no year) and a teaser far below
    // carrying a later "Publié le"; "Recent Posts" / "Articles récents" teaser lists about a Nintendo
    // Switch; an author's name alone and a blurb about them.
    check_scraped_page({FNS_SOURCE_DIR "/corpus/text/drones-feux-de-foret-sud-est.txt",
                        "Feux de forêt : la sécurité civile teste des drones thermiques dans le Sud-Est", "2024-04-19",
                        "Avant l’été, les secours", "fermeture des massifs lorsque le vent souffle fort.",
                        "une vingtaine de drones de surveillance",
                        {"Recent Posts", "Nintendo", "minutes ago", "Mathilde", "Rédactrice passionnée",
                         "Temps de lecture", "Publié", "Rennais"}});
    check_scraped_page({FNS_SOURCE_DIR "/corpus/text/instructeurs-russes-burkina-faso.txt",
                        "Burkina Faso : un contingent d’instructeurs militaires russes est arrivé à Ouagadougou",
                        "2024-01-24", "Une centaine de militaires russes", "de drones ou de formation.",
                        "mercredi 24 janvier", {"Articles récents", "Nintendo", "il y a", "Karim",
                         "Journaliste indépendant", "Temps de lecture", "Publié", "Marseillaise"}});
}

TEST_CASE("a dated label gives the publication date; an update label gives the updated date") {
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

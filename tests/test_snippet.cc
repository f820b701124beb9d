// Snippets: the best window of the body, with the matched words' byte ranges.
#include <doctest/doctest.h>

#include <string>

#include "snippet.h"

namespace {

std::string highlighted(const fns::Snippet& snippet) {
    std::string out;
    size_t pos = 0;
    for (const auto& [begin, end] : snippet.highlights) {
        out += snippet.text.substr(pos, begin - pos) + "[" + snippet.text.substr(begin, end - begin) + "]";
        pos = end;
    }
    return out + snippet.text.substr(pos);
}

}  // namespace

TEST_CASE("accent- and stem-aware highlighting: etats highlights États, soldat highlights soldats") {
    fns::FrenchAnalyzer analyzer;
    const fns::Snippet snippet =
        fns::make_snippet("Les États-Unis retirent 1 000 soldats du Niger.", {"etat", "soldat"}, analyzer);
    CHECK(highlighted(snippet) == "Les [États]-Unis retirent 1 000 [soldats] du Niger.");
}

TEST_CASE("the window with the most distinct terms is chosen, and cuts are marked") {
    fns::FrenchAnalyzer analyzer;
    std::string body;
    for (int i = 0; i < 60; ++i) body += "remplissage ";
    body += "Le drone russe survole la base. ";
    for (int i = 0; i < 60; ++i) body += "remplissage ";
    const fns::Snippet snippet = fns::make_snippet(body, {"dron", "russ"}, analyzer, 12);
    CHECK(snippet.text.starts_with("… "));
    CHECK(snippet.text.ends_with(" …"));
    CHECK(highlighted(snippet).find("Le [drone] [russe] survole la base.") != std::string::npos);
}

TEST_CASE("without a match the snippet is the start of the body, unhighlighted") {
    fns::FrenchAnalyzer analyzer;
    const fns::Snippet snippet = fns::make_snippet("Un court texte.\n\nSur deux paragraphes.", {"absent"}, analyzer);
    CHECK(snippet.text == "Un court texte. Sur deux paragraphes.");
    CHECK(snippet.highlights.empty());
}

TEST_CASE("an empty body gives an empty snippet") {
    fns::FrenchAnalyzer analyzer;
    CHECK(fns::make_snippet("", {"x"}, analyzer).text.empty());
}

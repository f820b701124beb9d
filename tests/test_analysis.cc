// The French analysis chain, case by case: each row is a text and the exact terms it gives, written as
// "term[position]" with "_" for a stop word (see describe_analysis).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analysis.h"
#include "stopwords.h"

using fns::describe_analysis;

namespace {

struct Row {
    const char* text;
    const char* expected;
};

void check_rows(const std::vector<Row>& rows) {
    for (const Row& row : rows) {
        INFO("text: ", row.text);
        CHECK(describe_analysis(row.text) == row.expected);
    }
}

}  // namespace

TEST_CASE("elisions with both apostrophes are stripped") {
    check_rows({
        {"l'accord", "accord[0]"},
        {"l’accord", "accord[0]"},
        {"L’Accord", "accord[0]"},
        {"d'État", "etat[0]"},
        {"qu'il", "_"},
        {"jusqu'à", "_"},
        {"lorsqu’elle", "_"},
        {"puisqu'on", "_"},
        {"quoiqu'il", "_"},
        {"s'est", "_"},
        {"c'était", "_"},
        {"n'a", "_"},
        {"m'appelle", "appel[0]"},
        {"t'aime", "aime[0]"},
        {"j'accuse", "accus[0]"},
    });
}

TEST_CASE("apostrophes that are not elisions keep the word whole") {
    check_rows({
        {"aujourd'hui", "aujourd'hui[0]"},
        {"aujourd’hui", "aujourd'hui[0]"},
        {"prud'hommes", "prud'homm[0]"},
        {"l'", "_"},  // a dangling article is a stop word, not an empty term
    });
}

TEST_CASE("case and accents fold before stemming, so every spelling gives one term") {
    check_rows({
        {"États-Unis", "etat[0] unis[1]"},
        {"etats unis", "etat[0] unis[1]"},
        {"ETATS-UNIS", "etat[0] unis[1]"},
        {"Élysée", "elyse[0]"},
        {"elysee", "elyse[0]"},
        {"ÉLYSÉE", "elyse[0]"},
        {"À Paris", "_ paris[1]"},
        {"Île-de-France", "ile[0] _ franc[2]"},
        {"cœur Œuvre", "coeur[0] oeuvr[1]"},
        {"sécuritaires securitaires", "securitair[0] securitair[1]"},
        {"Straße", "strass[0]"},
    });
}

TEST_CASE("decomposed (NFD) input analyses like composed (NFC) input") {
    CHECK(describe_analysis("E\u0301tats-Unis") == describe_analysis("États-Unis"));
    CHECK(describe_analysis("e\u0301le\u0300ve") == describe_analysis("élève"));
}

TEST_CASE("plurals and verb forms share a stem") {
    check_rows({
        {"soldat soldats", "soldat[0] soldat[1]"},
        {"accord accords", "accord[0] accord[1]"},
        {"russe russes Russie", "russ[0] russ[1] russ[2]"},
        {"américain américains américaine", "americain[0] americain[1] americain[2]"},
        // Folding first costs this one: "negocie" could be négocie or négocié.
        {"négocier négociations négocié", "negoci[0] negoci[1] negoc[2]"},
        {"élection élections", "elect[0] elect[1]"},
        {"drone drones", "dron[0] dron[1]"},
    });
}

TEST_CASE("a stem too short to mean one word keeps the word, less a plural s or x") {
    check_rows({
        // Snowball gives tu, dec, vot: stems shared with tu, tue, décembre, vote...
        {"tuera tueront", "tuera[0] tueront[1]"},
        {"décès deces", "dece[0] dece[1]"},
        {"votant votants", "votant[0] votant[1]"},
        {"tue tues", "tue[0] tue[1]"},
        {"mer mers", "mer[0] mer[1]"},
        {"vote votes", "vote[0] vote[1]"},
        // Long enough: Snowball's stem stays.
        {"expliquait expliquer", "expliqu[0] expliqu[1]"},
    });
}

TEST_CASE("a word that stemming changed carries its folded form - a word left whole, a number or a stop word none") {
    fns::FrenchAnalyzer analyzer;
    const std::string text = "Expliquait l'accord 2,5 des Élections";
    std::vector<std::string> surfaces;
    analyzer.analyze(text, [&](const fns::AnalyzedWord& word) { surfaces.emplace_back(word.surface); });
    CHECK(surfaces == std::vector<std::string>{"expliquait", "", "", "", "elections"});
}

TEST_CASE("hyphenated names split into consecutive positions") {
    check_rows({
        {"Jean-Luc Mélenchon", "jean[0] luc[1] melenchon[2]"},
        {"Saint-Étienne", "saint[0] etien[1]"},
        {"porte-parole", "port[0] parol[1]"},
        {"Aix-en-Provence", "aix[0] _ provenc[2]"},
    });
}

TEST_CASE("numbers: thousands groups join, decimals stay whole, numbers are not stemmed") {
    check_rows({
        {"1 000 soldats", "1000[0] soldat[1]"},
        {"12\u00A0500 emplois", "12500[0] emplois[1]"},
        {"12\u202F500 emplois", "12500[0] emplois[1]"},
        {"2,5 milliards", "2,5[0] milliard[1]"},
        {"3.2 %", "3,2[0]"},
        {"en 2012 100 soldats", "_ 2012[1] 100[2] soldat[3]"},
        {"1 000 000 d'euros", "1000000[0] euros[1]"},
        {"le 13 avril", "_ 13[1] avril[2]"},
        {"G7 covid-19", "g7[0] covid[1] 19[2]"},
    });
}

TEST_CASE("stop words keep their position, so phrases see the gap") {
    check_rows({
        {"le chef de l'État", "_ chef[1] _ etat[3]"},
        {"Votre", "_"},  // as in Lucene's tests
        {"coup d'État", "coup[0] etat[1]"},
        {"cet été", "_ ete[1]"},  // "été", the summer, is not a stop word
    });
}

TEST_CASE("punctuation, quotes and symbols separate words") {
    check_rows({
        {"« imposée unilatéralement »", "impose[0] unilateral[1]"},
        {"“illégal”", "illegal[0]"},
        {"domestique.Consternant", "domest[0] constern[1]"},
        {"", ""},
        {"— … !!", ""},
    });
}

TEST_CASE("word spans point into the original text, after the elided article") {
    fns::FrenchAnalyzer analyzer;
    const std::string text = "Les États-Unis et l’accord";
    std::vector<std::string> spans;
    std::vector<bool> hyphens;
    analyzer.analyze(text, [&](const fns::AnalyzedWord& word) {
        spans.push_back(text.substr(word.begin, word.end - word.begin));
        hyphens.push_back(word.after_hyphen);
    });
    CHECK(spans == std::vector<std::string>{"Les", "États", "Unis", "et", "accord"});
    CHECK(hyphens == std::vector<bool>{false, false, true, false, false});
}

TEST_CASE("invalid UTF-8 never crashes and never produces invalid terms") {
    const std::string broken = "caf\xC3 \xFF\xFE soldat \xE2\x82";
    CHECK(describe_analysis(broken) == "caf[0] soldat[1]");
}

TEST_CASE("fold_words compares labels whatever their case, accents and punctuation") {
    CHECK(fns::fold_words("À lire aussi :") == "a lire aussi");
    CHECK(fns::fold_words("RECENT POSTS") == "recent posts");
    CHECK(fns::fold_words("") == "");
}

TEST_CASE("stop words are recognised in folded form") {
    CHECK(fns::is_french_stopword("les"));
    CHECK(fns::is_french_stopword("etait"));
    CHECK(fns::is_french_stopword("ou"));
    CHECK_FALSE(fns::is_french_stopword("ete"));
    CHECK_FALSE(fns::is_french_stopword("accord"));
}

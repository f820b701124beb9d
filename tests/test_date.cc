// Dates: calendar helpers, parse_date, parse_date_span and find_date_in_prose, each as a table of
// {input, expected} rows. Expected dates are written as ISO strings, "none" for nullopt.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "date.h"

using fns::Date;

namespace {

std::string shown(const std::optional<Date>& date) { return date ? date->iso() : "none"; }

std::string shown(const std::optional<fns::DateSpan>& span) {
    return span ? span->first.iso() + ".." + span->last.iso() : "none";
}

struct Row {
    const char* input;
    const char* expected;
};

void check_parse_date(const std::vector<Row>& rows) {
    for (const Row& row : rows) CHECK_MESSAGE(shown(fns::parse_date(row.input)) == row.expected, "input: " << row.input);
}

void check_prose(const std::vector<Row>& rows, const fns::ProseDateOptions& options = {}) {
    for (const Row& row : rows)
        CHECK_MESSAGE(shown(fns::find_date_in_prose(row.input, options)) == row.expected, "input: " << row.input);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.is_open(), "cannot open " << path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("Date: iso and key are zero-padded") {
    CHECK(Date{2024, 4, 19}.iso() == "2024-04-19");
    CHECK(Date{2024, 4, 19}.key() == "20240419");
    CHECK(Date{999, 1, 2}.iso() == "0999-01-02");
    CHECK(Date{999, 1, 2}.key() == "09990102");
    CHECK(Date{2024, 12, 31}.key() == "20241231");
}

TEST_CASE("Date: weekday counts from Monday as 0") {
    struct WeekdayRow {
        Date date;
        int expected;
    };
    const std::vector<WeekdayRow> rows = {
        {{1970, 1, 1}, 3},  {{2000, 1, 1}, 5},  {{2024, 2, 29}, 3}, {{2023, 4, 19}, 2}, {{1900, 1, 1}, 0},
        {{2100, 12, 31}, 4}, {{2024, 4, 19}, 4}, {{2024, 4, 20}, 5}, {{2025, 4, 20}, 6}, {{2012, 4, 19}, 3},
    };
    for (const WeekdayRow& row : rows) CHECK_MESSAGE(row.date.weekday() == row.expected, "date: " << row.date.iso());
}

TEST_CASE("Date: ordering follows the calendar") {
    CHECK(Date{2024, 4, 19} < Date{2024, 4, 20});
    CHECK(Date{2023, 12, 31} < Date{2024, 1, 1});
    CHECK(Date{2024, 3, 31} < Date{2024, 4, 1});
    CHECK(Date{2024, 4, 19} == Date{2024, 4, 19});
}

TEST_CASE("is_valid_date: month lengths and leap years") {
    struct ValidityRow {
        int year, month, day;
        bool expected;
    };
    const std::vector<ValidityRow> rows = {
        {2024, 2, 29, true},  {2023, 2, 29, false}, {1900, 2, 29, false}, {2000, 2, 29, true},
        {2100, 2, 29, false}, {2024, 4, 30, true},  {2024, 4, 31, false}, {2024, 12, 31, true},
        {2024, 1, 31, true},  {2024, 13, 1, false}, {2024, 0, 10, false}, {2024, 1, 0, false},
        {2024, 1, 32, false}, {0, 1, 1, false},     {2023, 2, 28, true},  {2024, 6, 31, false},
    };
    for (const ValidityRow& row : rows)
        CHECK_MESSAGE(fns::is_valid_date(row.year, row.month, row.day) == row.expected,
                      "date: " << row.year << "-" << row.month << "-" << row.day);
}

TEST_CASE("date_from_key: eight digits of a valid date") {
    const std::vector<Row> rows = {
        {"20240419", "2024-04-19"}, {"20240229", "2024-02-29"}, {"19991231", "1999-12-31"},
        {"20230229", "none"},       {"20241301", "none"},       {"20240400", "none"},
        {"2024041", "none"},        {"202404190", "none"},      {"2024-04-", "none"},
        {"abcdefgh", "none"},       {"", "none"},               {"2024041a", "none"},
        {" 2024041", "none"},
    };
    for (const Row& row : rows) CHECK_MESSAGE(shown(fns::date_from_key(row.input)) == row.expected, "key: " << row.input);
    CHECK(fns::date_from_key(Date{2024, 4, 19}.key()) == Date{2024, 4, 19});
}

TEST_CASE("parse_date: ISO 8601 keeps the written local date whatever the zone") {
    check_parse_date({
        {"2024-04-19", "2024-04-19"},
        {"2024-04-19T08:30:00+02:00", "2024-04-19"},
        {"2024-04-19T08:30:00Z", "2024-04-19"},
        {"2024-04-19T08:30:00.123456+02:00", "2024-04-19"},
        {"2024-04-19T23:30:00-05:00", "2024-04-19"},
        {"2024-04-19T00:30:00+14:00", "2024-04-19"},
        {"2024-04-19 08:30", "2024-04-19"},
        {"20240419", "2024-04-19"},
        {"20240419T083000Z", "2024-04-19"},
        {"2024/04/19", "2024-04-19"},
        {"2024.04.19", "2024-04-19"},
        {"2024-4-9", "2024-04-09"},
        {"  2024-04-19\n", "2024-04-19"},
        {"2024-02-29", "2024-02-29"},
        {"2000-02-29", "2000-02-29"},
        {"1900-01-01", "1900-01-01"},
        {"2100-12-31", "2100-12-31"},
    });
}

TEST_CASE("parse_date: numeric day first and month first only when day first is impossible") {
    check_parse_date({
        {"19/04/2024", "2024-04-19"},
        {"19.04.2024", "2024-04-19"},
        {"19-04-2024", "2024-04-19"},
        {"19/04/24", "2024-04-19"},
        {"19.04.24", "2024-04-19"},
        {"9/4/2024", "2024-04-09"},
        {"19/04/70", "1970-04-19"},
        {"01/02/03", "2003-02-01"},
        {"04/05/2024", "2024-05-04"},
        {"04/19/2024", "2024-04-19"},
        {"12/31/1999", "1999-12-31"},
        {"19.04.2024 08:30", "2024-04-19"},
        {"19/04/2024 à 08h30", "2024-04-19"},
        {"29/02/2024", "2024-02-29"},
    });
}

TEST_CASE("parse_date: French written forms with or without accents") {
    check_parse_date({
        {"19 avril 2024", "2024-04-19"},
        {"vendredi 19 avril 2024 à 08h30", "2024-04-19"},
        {"1er mai 2024", "2024-05-01"},
        {"1ᵉʳ mai 2024", "2024-05-01"},
        {"19 sept. 2024", "2024-09-19"},
        {"19 sept 2024", "2024-09-19"},
        {"19 sep. 2024", "2024-09-19"},
        {"Publié le 20 septembre 2024 à 00h14", "2024-09-20"},
        {"le 3 mars 2023", "2023-03-03"},
        {"3 février 2024", "2024-02-03"},
        {"3 fevrier 2024", "2024-02-03"},
        {"15 août 2024", "2024-08-15"},
        {"15 aout 2024", "2024-08-15"},
        {"25 décembre 2024", "2024-12-25"},
        {"25 decembre 2024", "2024-12-25"},
        {"29 février 2024", "2024-02-29"},
        {"19 janv. 2024", "2024-01-19"},
        {"19 févr. 2024", "2024-02-19"},
        {"19 fév 2024", "2024-02-19"},
        {"19 avr. 2024", "2024-04-19"},
        {"19 juil. 2024", "2024-07-19"},
        {"19 juin 2024", "2024-06-19"},
        {"19 juillet 2024", "2024-07-19"},
        {"19 oct. 2024", "2024-10-19"},
        {"19 nov 2024", "2024-11-19"},
        {"19 déc. 2024", "2024-12-19"},
        {"mar. 19 avril 2024", "2024-04-19"},
        {"Mis en ligne le mardi 2 janvier 2024, 17:05", "2024-01-02"},
        {"du 30 avril au 2 mai 2024", "2024-04-30"},
    });
}

TEST_CASE("parse_date: English and German and RFC 822") {
    check_parse_date({
        {"April 19, 2024", "2024-04-19"},
        {"19 April 2024", "2024-04-19"},
        {"Apr 19 2024", "2024-04-19"},
        {"Apr. 19, 2024", "2024-04-19"},
        {"Friday, April 19th, 2024", "2024-04-19"},
        {"May 1st 2024", "2024-05-01"},
        {"June 2nd, 2024", "2024-06-02"},
        {"July 3rd 2024", "2024-07-03"},
        {"the 2nd of June 2024", "2024-06-02"},
        {"Sept. 3, 2024", "2024-09-03"},
        {"December 25 2024", "2024-12-25"},
        {"Published on February 29, 2024", "2024-02-29"},
        {"19. April 2024", "2024-04-19"},
        {"19. März 2024", "2024-03-19"},
        {"19. Maerz 2024", "2024-03-19"},
        {"19. Mrz. 2024", "2024-03-19"},
        {"Freitag, den 19. April 2024", "2024-04-19"},
        {"1. Dezember 2024", "2024-12-01"},
        {"3. Jänner 2024", "2024-01-03"},
        {"3. Okt. 2024", "2024-10-03"},
        {"Fri, 19 Apr 2024 08:30:00 GMT", "2024-04-19"},
        {"Fri, 19 Apr 2024 08:30:00 +0200", "2024-04-19"},
        {"Thu, 29 Feb 2024 23:59:59 -0800", "2024-02-29"},
    });
}

TEST_CASE("parse_date: Spanish and Italian and Portuguese and Dutch and Polish") {
    check_parse_date({
        {"19 de abril de 2024", "2024-04-19"},
        {"viernes, 19 de abril de 2024", "2024-04-19"},
        {"1 de septiembre de 2024", "2024-09-01"},
        {"19 de abril del 2024", "2024-04-19"},
        {"7 de diciembre de 2024", "2024-12-07"},
        {"19 aprile 2024", "2024-04-19"},
        {"venerdì 19 aprile 2024", "2024-04-19"},
        {"1º maggio 2024", "2024-05-01"},
        {"3 settembre 2024", "2024-09-03"},
        {"3 gen 2024", "2024-01-03"},
        {"sexta-feira, 19 de abril de 2024", "2024-04-19"},
        {"3 de março de 2024", "2024-03-03"},
        {"5 de outubro de 2024", "2024-10-05"},
        {"5 out 2024", "2024-10-05"},
        {"5 set. 2024", "2024-09-05"},
        {"15 ago 2024", "2024-08-15"},
        {"19 april 2024", "2024-04-19"},
        {"3 maart 2024", "2024-03-03"},
        {"1 mei 2024", "2024-05-01"},
        {"19 augustus 2024", "2024-08-19"},
        {"5 okt. 2024", "2024-10-05"},
        {"19 kwietnia 2024", "2024-04-19"},
        {"3 marca 2024 r.", "2024-03-03"},
        {"1 października 2024", "2024-10-01"},
        {"1 pazdziernika 2024", "2024-10-01"},
        {"31 grudnia 2024", "2024-12-31"},
        {"15 sierpnia 2024", "2024-08-15"},
    });
}

TEST_CASE("parse_date: Java's Date.toString and other writers' time and zone before the year") {
    check_parse_date({
        {"Tue Jan 28 15:28:56 CET 2020", "2020-01-28"},
        {"Wed Sep 04 09:05:00 GMT+02:00 2019", "2019-09-04"},
        {"Mon Mar 02 08:30 +0100 2020", "2020-03-02"},
        {"Jan 28 15:28:56 2020", "2020-01-28"},
    });
}

TEST_CASE("parse_date: Russian, Ukrainian, Czech, Romanian, Turkish and Swedish month names") {
    check_parse_date({
        {"28 сентября 2019", "2019-09-28"},
        {"1 МАЯ 2020 г.", "2020-05-01"},
        {"5 дек. 2021", "2021-12-05"},
        {"12 березня 2022", "2022-03-12"},
        {"3. září 2019", "2019-09-03"},
        {"14 octombrie 2020", "2020-10-14"},
        {"7 Şubat 2021", "2021-02-07"},
        {"19 augusti 2024", "2024-08-19"},
        {"28 абв 2019", "none"},
    });
}

TEST_CASE("parse_date: case and no-break spaces and weekday mismatch") {
    check_parse_date({
        {"19 AVRIL 2024", "2024-04-19"},
        {"VENDREDI 19 AVRIL 2024", "2024-04-19"},
        {"19 FÉVRIER 2024", "2024-02-19"},
        {"19 FEVRIER 2024", "2024-02-19"},
        {"19. MÄRZ 2024", "2024-03-19"},
        {"APRIL 19, 2024", "2024-04-19"},
        {"1ER MAI 2024", "2024-05-01"},
        {"19\u00A0avril\u00A02024", "2024-04-19"},
        {"19\u202Favril\u202F2024", "2024-04-19"},
        {"19\u2009avril\u20092024", "2024-04-19"},
        {"19\tavril\n2024", "2024-04-19"},
        // A wrong weekday does not override the written day, month and year.
        {"samedi 19 avril 2024", "2024-04-19"},
    });
}

TEST_CASE("parse_date: nothing without a complete valid date in 1900..2100") {
    check_parse_date({
        {"", "none"},
        {"   ", "none"},
        {"hello world", "none"},
        {"2024", "none"},
        {"2024-04", "none"},
        {"04/2024", "none"},
        {"avril 2024", "none"},
        {"19 avril", "none"},
        {"April 19", "none"},
        {"19/04", "none"},
        {"1713508200", "none"},
        {"1713508200000", "none"},
        {"20240419123000", "none"},
        {"2023-02-29", "none"},
        {"29 février 2023", "none"},
        {"1900-02-29", "none"},
        {"31/04/2024", "none"},
        {"1899-12-31", "none"},
        {"2101-01-01", "none"},
        {"31 décembre 1899", "none"},
        {"19 avril 1800", "none"},
        {"13/13/2024", "none"},
        {"32/01/2024", "none"},
        {"00/01/2024", "none"},
        {"2024-00-10", "none"},
        {"2024-04-00", "none"},
        {"19 set", "none"},
        {"08:30", "none"},
        {"1 000 soldats", "none"},
        {"version 1.2.3", "none"},
        {"192.168.1.10", "none"},
        {"06/12/34/56", "none"},
    });
}

TEST_CASE("parse_date_span: a year or a month or a day") {
    const std::vector<Row> rows = {
        {"2024", "2024-01-01..2024-12-31"},
        {" 2024 ", "2024-01-01..2024-12-31"},
        {"2024-04", "2024-04-01..2024-04-30"},
        {"2024/4", "2024-04-01..2024-04-30"},
        {"04/2024", "2024-04-01..2024-04-30"},
        {"4/2024", "2024-04-01..2024-04-30"},
        {"04.2024", "2024-04-01..2024-04-30"},
        {"avril 2024", "2024-04-01..2024-04-30"},
        {"Avril 2024", "2024-04-01..2024-04-30"},
        {"April 2024", "2024-04-01..2024-04-30"},
        {"Apr. 2024", "2024-04-01..2024-04-30"},
        {"abril de 2024", "2024-04-01..2024-04-30"},
        {"janvier 2024", "2024-01-01..2024-01-31"},
        {"février 2024", "2024-02-01..2024-02-29"},
        {"fevrier 2023", "2023-02-01..2023-02-28"},
        {"2023-02", "2023-02-01..2023-02-28"},
        {"1900-02", "1900-02-01..1900-02-28"},
        {"2000-02", "2000-02-01..2000-02-29"},
        {"2024-12", "2024-12-01..2024-12-31"},
        {"septembre 2024", "2024-09-01..2024-09-30"},
        {"2024-04-19", "2024-04-19..2024-04-19"},
        {"19/04/2024", "2024-04-19..2024-04-19"},
        {"19 avril 2024", "2024-04-19..2024-04-19"},
        {"2024-02-29", "2024-02-29..2024-02-29"},
        {"", "none"},
        {"24", "none"},
        {"12345", "none"},
        {"1899", "none"},
        {"2101", "none"},
        {"2024-13", "none"},
        {"2024-0", "none"},
        {"13/2024", "none"},
        {"00/2024", "none"},
        {"avril", "none"},
        {"foo 2024", "none"},
        {"2024 foo", "none"},
        {"set 2024", "none"},
        {"2023-02-29", "none"},
    };
    for (const Row& row : rows)
        CHECK_MESSAGE(shown(fns::parse_date_span(row.input)) == row.expected, "input: " << row.input);
}

TEST_CASE("find_date_in_prose: publication cues win and update dates are skipped") {
    check_prose({
        {"Publié le 20 septembre 2024 à 00h14", "2024-09-20"},
        {"PUBLIÉ LE 20 SEPTEMBRE 2024 À 00H14", "2024-09-20"},
        {"Publié le 19/04/2024 à 08h30, mis à jour le 20/04/2024 à 10h00", "2024-04-19"},
        {"Mis à jour le 20/04/2024 à 10h00. Publié le 19/04/2024 à 08h30", "2024-04-19"},
        {"Mise à jour 20/04/2024 - Publié le 19/04/2024", "2024-04-19"},
        {"Mis à jour le 20 avril 2024", "none"},
        {"Updated April 20, 2024", "none"},
        {"Letzte Änderung: 20.04.2024", "none"},  // German update words
        {"Zuletzt geändert am 20. April 2024. Erschienen am 18. April 2024", "2024-04-18"},
        {"MàJ le 20/04/2024", "none"},
        {"Mis à jour le 20 avril 2024. Le 18 avril 2024, le ministre a parlé.", "2024-04-18"},
        {"Le 26 juillet 2023, un coup d'État. Publié le 19 avril 2024", "2024-04-19"},
        {"mis en ligne le 19/04/2024", "2024-04-19"},
        {"Posted on Friday, April 19th, 2024 by John", "2024-04-19"},
        {"Veröffentlicht am 19. März 2024, 08:30 Uhr", "2024-03-19"},
        {"Publicado el 19 de abril de 2024", "2024-04-19"},
        {"Par Jean Dupont\nPublié le vendredi 19 avril 2024 à 08h30", "2024-04-19"},
        {"Tél. 01.23.45.67.89 — Publié le 3 mars 2024", "2024-03-03"},
        {"Date de publication : 2024-04-19T08:30:00+02:00", "2024-04-19"},
    });
}

TEST_CASE("find_date_in_prose: full dates and the first of a span of days") {
    check_prose({
        {"19/04/2024", "2024-04-19"},
        {"Le 13 avril, des manifestations. Le 26 juillet 2023, le coup d'État.", "2023-07-26"},
        {"Le festival aura lieu du 3 au 5 mars 2024.", "2024-03-03"},
        {"Les 2 et 3 mars 2024, il a neigé.", "2024-03-02"},
        {"Grève 3-5 mars 2024.", "2024-03-03"},
        {"Du 30 avril au 2 mai 2024, le salon est ouvert.", "2024-04-30"},
        {"Du 30 décembre au 2 janvier 2025, le salon est ouvert.", "2024-12-30"},
        {"Paris, le 3 mars 2023 — Le gouvernement", "2023-03-03"},
        {"vendredi 20 avril 2024", "2024-04-20"},  // the written year wins over a wrong weekday
        {"On April 19, 2024, the troops left.", "2024-04-19"},
        {"Le 9 novembre 1989, le mur de Berlin est tombé.", "none"},  // before 1995
    });
}

TEST_CASE("find_date_in_prose: an end date comes after every other date") {
    // "jusqu'au", "bis", "until", "to", or a dash after a partial date: until when something lasts, not
    // when the text was written. Alone, it still is the only date there is.
    check_prose({
        {"Offre valable jusqu'au 30 avril 2024. Le conseil a voté le 12 mars 2024.", "2024-03-12"},
        {"Vidéo disponible jusqu'à 14.10.2020 - émission du 16.10.2019", "2019-10-16"},
        {"Video verfügbar bis: 14.10.2020. Sendung vom 16.10.2019", "2019-10-16"},
        {"Zeichnung vom 9.1. -10.2.2023 möglich. Mitteilung vom 06.12.2022", "2022-12-06"},
        {"Open until April 30, 2024. Written on March 12, 2024.", "2024-03-12"},
        {"Les 2 et 3 mars 2024, il a neigé.", "2024-03-02"},  // "et" is no end marker
        {"Offre valable jusqu'au 30 avril 2024.", "2024-04-30"},
    });
}

TEST_CASE("find_date_in_prose: numbers and years that are not dates") {
    check_prose({
        {"Signé en 2012 avec les États-Unis.", "none"},
        {"Plus de 1 000 soldats, 100 millions de dollars, en 2024.", "none"},
        {"Réf. 20240419", "none"},
        {"Score 3-1, 2024 reste une bonne année.", "none"},
        {"Il est 08:30 en 2024.", "none"},
        {"Appelez le 01.23.45.67.89 en 2024.", "none"},
        {"Le 3 mars.", "none"},  // no year anywhere
        {"Mercredi 10 avril, des instructeurs sont arrivés.", "none"},
    });
}

TEST_CASE("find_date_in_prose: a year-less date takes its year from the text") {
    check_prose({
        // Weekday: the year after the latest one mentioned fits (19 April 2024 is a Friday, 2023 a Wednesday).
        {"Un coup d'État en juillet 2023. Les États-Unis ont accepté vendredi 19 avril de partir.", "2024-04-19"},
        // Weekday: a later year mentioned (a teaser's "mars 2025") does not hide the year between.
        {"Coup d'État en juillet 2023. Accord vendredi 19 avril. Sortie en mars 2025.", "2024-04-19"},
        // Weekday: the year before the only one mentioned.
        {"Les Jeux de 2025 se préparent : annonce vendredi 19 avril.", "2024-04-19"},
        // Weekday: among the mentioned years, the one where 3 March is a Friday.
        {"Publié vendredi 3 mars. Bilan 2023 et prévisions 2024.", "2023-03-03"},
        // Weekday that fits none of the candidate years (2022, 2023, 2024): no date.
        {"En juillet 2023. Les États-Unis ont accepté vendredi 20 avril de partir.", "none"},
        // No weekday: the latest year mentioned.
        {"Le ministre a parlé le 3 mars. Les chiffres de 2022 et de 2023 sont connus.", "2023-03-03"},
        {"Le 29 février, en 2023 comme en 2024.", "2024-02-29"},
        {"Le 29 février, en 2023.", "none"},  // 2023 has no 29 February
        {"Le 3 mars, un rapport sur 1989.", "none"},
        {"Posted Friday, April 19. The 2023 elections were contested.", "2024-04-19"},
    });
}

TEST_CASE("find_date_in_prose: not_after bounds every choice") {
    fns::ProseDateOptions options;
    options.not_after = Date{2024, 6, 1};
    check_prose(
        {
            {"Publié le 20 septembre 2024", "none"},
            {"Publié le 20 septembre 2024. Le 3 mars 2024, le ministre a parlé.", "2024-03-03"},
            {"Le 3 mars, le ministre a parlé. Prévu pour 2025, lancé en 2024.", "2024-03-03"},
            {"Publié le 1er juin 2024", "2024-06-01"},
        },
        options);
    options.not_after = Date{2024, 1, 1};
    // 19 April 2024 is too late, 19 April 2023 is a Wednesday.
    check_prose({{"Coup d'État en juillet 2023. Accord signé vendredi 19 avril.", "none"}}, options);
}

TEST_CASE("find_date_in_prose: only the first max_chars bytes are read") {
    const std::string text = std::string(3000, 'x') + " Publié le 3 mars 2024";
    CHECK(shown(fns::find_date_in_prose(text)) == "none");
    fns::ProseDateOptions options;
    options.max_chars = text.size();
    CHECK(shown(fns::find_date_in_prose(text, options)) == "2024-03-03");
    // A cut inside a multi-byte character does not leave half of it.
    options.max_chars = 12;
    CHECK(shown(fns::find_date_in_prose("19 févr 2024", options)) == "none");
    options.max_chars = 13;
    CHECK(shown(fns::find_date_in_prose("19 févr 2024", options)) == "2024-02-19");
}

TEST_CASE("find_date_in_prose: no-break spaces and ISO dates in prose") {
    check_prose({
        {"Publié\u00A0le\u00A03\u00A0mars\u00A02024", "2024-03-03"},
        {"le\u202F19\u202Favril\u202F2024", "2024-04-19"},
        {"<time datetime=\"2024-04-19T23:30:00-05:00\">", "2024-04-19"},
        {"mar. 19 avril 2024", "2024-04-19"},
    });
}

namespace {

// A page with a bare "Publié" whose date is only in its prose, and a teaser of another story far down the
// page with its own, later, "Publié le": only the top of the page is read.
void check_prose_date_above_teaser(const std::string& text, const char* teaser_label, const char* date,
                                   const char* teaser_date) {
    const size_t teaser = text.find(teaser_label);
    REQUIRE(teaser != std::string::npos);
    REQUIRE(teaser > fns::ProseDateOptions{}.max_chars);

    CHECK(shown(fns::find_date_in_prose(text)) == date);
    fns::ProseDateOptions options;
    options.not_after = *fns::date_from_key(std::string(teaser_date).erase(7, 1).erase(4, 1));
    CHECK(shown(fns::find_date_in_prose(text, options)) == date);
    // Read whole, the teaser's "Publié le" (right after its cue) outranks the bare "Publié" of the article.
    options.max_chars = text.size();
    CHECK(shown(fns::find_date_in_prose(text, options)) == teaser_date);
}

}  // namespace

TEST_CASE("find_date_in_prose: the seed article is from Friday 19 April 2024") {
    const std::string seed = FNS_SOURCE_DIR "/../shared/seeds/000_395bb47746e58448.txt";
    if (!std::ifstream(seed).good()) {
        MESSAGE("skipped: the seed article is missing (", seed, "; ../shared is not beside this clone); "
                "corpus/text/instructeurs-russes-burkina-faso.txt covers the same case");
        return;
    }
    check_prose_date_above_teaser(read_file(seed), "Publié le 20 septembre 2024 à 00h14", "2024-04-19", "2024-09-20");
}

TEST_CASE("find_date_in_prose: a hand-written page of the seed's shape is from Wednesday 24 January 2024") {
    check_prose_date_above_teaser(read_file(FNS_SOURCE_DIR "/corpus/text/instructeurs-russes-burkina-faso.txt"),
                                  "Publié le 28 janvier 2024 à 17h40", "2024-01-24", "2024-01-28");
}

TEST_CASE("find_dates_in_prose: every date with its cue") {
    // Guards the list mode that html_dates uses to compare metadata with the dates a page shows.
    using Cue = fns::ProseDate::Cue;
    const auto dates = fns::find_dates_in_prose(
        "Publié le 3 mars 2024. Mis à jour le 5 mars 2024. Réunion le 12 avril, valable jusqu'au 30 avril 2024.");
    REQUIRE(dates.size() == 4);
    CHECK(dates[0].date == Date{2024, 3, 3});
    CHECK(dates[0].cue == Cue::published);
    CHECK(dates[1].date == Date{2024, 3, 5});
    CHECK(dates[1].cue == Cue::updated);
    CHECK(dates[2].date == Date{2024, 4, 12});
    CHECK(dates[2].cue == Cue::none);
    CHECK_FALSE(dates[2].has_year);
    CHECK(dates[3].end_date);
    CHECK(fns::find_dates_in_prose("Rien ici, 2024 seulement.").empty());
}

TEST_CASE("find_date_in_prose: other languages' months first only in the full US-style form") {
    // Guards "Martes, Septiembre 22, 2020" (Spanish words in an English template) without reading
    // "mars 19" or "mai 3" as dates.
    check_prose({
        {"Martes, Septiembre 22, 2020", "2020-09-22"},
        {"le 3 mars 19, 2020", "2020-03-03"},
        {"Septiembre 22 sin año", "none"},
    });
}

namespace {

// Mentions as text: "w3" for a weekday, "2024-04-19" or "--06-02" (no year) for a day.
std::string shown(const std::vector<fns::DateMention>& mentions) {
    std::string out;
    for (const fns::DateMention& m : mentions) {
        if (!out.empty()) out += ' ';
        if (m.weekday >= 0) {
            out += "w" + std::to_string(m.weekday);
        } else {
            char day[16];
            std::snprintf(day, sizeof day, "-%02d-%02d", m.month, m.day);
            out += (m.year != 0 ? std::to_string(m.year) : std::string("-")) + day;
        }
    }
    return out.empty() ? "none" : out;
}

}  // namespace

TEST_CASE("find_date_mentions: the days a query names") {
    const std::vector<Row> rows = {
        {"accord signé jeudi", "w3"},
        {"Jeudi soir, sur France 2", "w3"},
        {"JEUDI", "w3"},
        {"dans la nuit de mercredi à jeudi", "w2 w3"},
        {"mardi et encore mardi", "w1"},                      // once
        {"les mesures entreront en vigueur le 2 juin", "--06-02"},
        {"le 1er mai 2024", "2024-05-01"},
        {"publié le 19/04/2024", "2024-04-19"},
        {"vendredi 19 avril", "--04-19"},                     // one mention: the day, its weekday with it
        {"le 29 février", "--02-29"},                         // possible in a leap year
        {"le 31 février", "none"},
        {"sun mon Domingo sábado", "none"},                   // only French weekday names
        {"lundis", "none"},
        {"en juin 2024", "none"},                             // a month is not a day
        {"5 ans de prison", "none"},
        {"", "none"},
    };
    for (const Row& row : rows)
        CHECK_MESSAGE(shown(fns::find_date_mentions(row.input)) == row.expected, "input: " << row.input);
}

// Charset handling: BOMs, declarations (true and lying), detection, non-Latin scripts, bad input.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "encoding.h"

namespace {

using fns::ContentKind;
using fns::decode_to_utf8;

std::string read_data(const std::string& name) {
    std::ifstream in(std::string(FNS_TEST_DATA_DIR) + "/encoding/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

struct EncodingCase {
    const char* guards;
    std::string bytes;
    ContentKind kind;
    const char* charset;   // expected DecodedText::charset
    const char* contains;  // expected UTF-8 text
};

}  // namespace

TEST_CASE("decode_to_utf8 reads each charset convention") {
    const EncodingCase cases[] = {
        {"UTF-8 without any declaration", "<p>Caf\xC3\xA9 d'\xC3\xA9t\xC3\xA9</p>", ContentKind::Html, "UTF-8",
         "Caf\xC3\xA9 d'\xC3\xA9t\xC3\xA9"},
        {"UTF-8 with its meta", "<meta charset=\"utf-8\"><p>No\xC3\xABl</p>", ContentKind::Html, "UTF-8",
         "No\xC3\xABl"},
        {"windows-1252 declared by http-equiv: euro sign and dash are not latin-1",
         "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>Caf\xE9 5 \x80 \x96 ok</p>",
         ContentKind::Html, "windows-1252", "Caf\xC3\xA9 5 \xE2\x82\xAC \xE2\x80\x93 ok"},
        {"latin-1 declared: read as its superset windows-1252",
         "<meta charset=iso-8859-1><p>\x93" "Bient\xF4t\x94</p>", ContentKind::Html, "windows-1252",
         "\xE2\x80\x9C" "Bient\xC3\xB4t\xE2\x80\x9D"},
        {"latin-1 without declaration: detected",
         "<p>Le caf\xE9 de la gare est ferm\xE9 depuis l'\xE9t\xE9 dernier, h\xE9las, et les habitu\xE9s "
         "regrettent d\xE9j\xE0 leurs soir\xE9\x65s.</p>",
         ContentKind::Html, "windows-1252", "ferm\xC3\xA9 depuis l'\xC3\xA9t\xC3\xA9"},
        {"lying meta: declares UTF-8, bytes are latin-1",
         "<meta charset=\"utf-8\"><p>La soci\xE9t\xE9 a annonc\xE9 une hausse de ses r\xE9sultats pour "
         "l'ann\xE9\x65 \xE9\x63oul\xE9\x65.</p>",
         ContentKind::Html, "windows-1252", "soci\xC3\xA9t\xC3\xA9"},
        {"lying meta: declares latin-1, bytes are UTF-8", "<meta charset=\"iso-8859-1\"><p>\xC3\xA9t\xC3\xA9</p>",
         ContentKind::Html, "UTF-8", "\xC3\xA9t\xC3\xA9"},
        {"XML declaration of an XHTML page",
         "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><html><p>\xA4 co\xFBt</p></html>", ContentKind::Html,
         "ISO-8859-15", "\xE2\x82\xAC co\xC3\xBBt"},
        {"UTF-8 BOM is removed", "\xEF\xBB\xBFHello", ContentKind::Text, "UTF-8", "Hello"},
        {"UTF-16LE with BOM", std::string("\xFF\xFE<\0p\0>\0\xE9\0", 10), ContentKind::Html, "UTF-16LE",
         "<p>\xC3\xA9"},
        {"UTF-16BE with BOM", std::string("\xFE\xFF\0<\0p\0>\0\xE9", 10), ContentKind::Html, "UTF-16BE",
         "<p>\xC3\xA9"},
        {"JSON ignores HTML-looking declarations", "{\"t\": \"<meta charset=latin1> caf\xC3\xA9\"}",
         ContentKind::Json, "UTF-8", "caf\xC3\xA9"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.guards);
        const auto decoded = decode_to_utf8(c.bytes, c.kind);
        CHECK(decoded.charset == c.charset);
        CHECK(decoded.utf8.find(c.contains) != std::string::npos);
        CHECK(decoded.utf8.find("\xEF\xBB\xBF") == std::string::npos);
    }
}

TEST_CASE("decode_to_utf8 detects non-Latin scripts without a declaration") {
    struct Case {
        const char* file;
        const char* contains;
    };
    const Case cases[] = {
        {"cyrillic-windows-1251.html", "Москва. В понедельник"},
        {"greek-windows-1253.html", "Η Αθήνα είναι η πρωτεύουσα"},
        {"japanese-shift-jis.html", "東京都は月曜日"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        const auto decoded = decode_to_utf8(read_data(c.file), ContentKind::Html);
        CHECK(decoded.utf8.find(c.contains) != std::string::npos);
    }
}

TEST_CASE("decode_to_utf8 rejects what is not text") {
    CHECK_THROWS_WITH_AS(decode_to_utf8("", ContentKind::Html), "empty file", fns::InputError);
    // A known binary signature, whatever follows.
    CHECK_THROWS_WITH_AS(decode_to_utf8(std::string("PK\x03\x04\0\0\x08\0binary\0data", 18), ContentKind::Text),
                         "binary file (zip archive)", fns::InputError);
    CHECK_THROWS_WITH_AS(decode_to_utf8("%PDF-1.7\nLe rapport", ContentKind::Text), "binary file (PDF document)",
                         fns::InputError);
    // No signature, but mostly control bytes.
    std::string controls = "Titre\n";
    for (int i = 0; i < 500; ++i) controls += std::string("\x01\x02\0\x1A ab", 8);
    CHECK_THROWS_WITH_AS(decode_to_utf8(controls, ContentKind::Html), "binary file (control bytes)", fns::InputError);
}

TEST_CASE("decode_to_utf8: stray NUL bytes are dropped from pages, left to the JSON reader in records") {
    using namespace std::string_literals;  // literals holding NUL bytes
    const std::string page = "<p>Les vignerons\0 de Cahors\0</p>"s;
    for (const ContentKind kind : {ContentKind::Html, ContentKind::Text}) {
        const auto decoded = decode_to_utf8(page, kind);
        CHECK(decoded.utf8 == "<p>Les vignerons de Cahors</p>");
        CHECK(decoded.nul_bytes == 2);
    }
    // In JSON a raw NUL is invalid inside a record: the record holding it is rejected, not the file.
    const std::string records = "{\"a\": \"x\0\"}\n{\"b\": 1}\n"s;
    const auto json = decode_to_utf8(records, ContentKind::Json);
    CHECK(json.utf8 == records);
    CHECK(json.charset == "UTF-8");
}

TEST_CASE("decode_to_utf8: a file valid UTF-8 but for a few bytes is UTF-8, the bad bytes replaced and counted") {
    std::string text;
    for (int i = 0; i < 20; ++i) text += "Le pr\xC3\xA9sident a re\xC3\xA7u les \xC3\xA9lus. ";
    const std::string one_bad = text + "Caf\xE9 " + text;
    for (const ContentKind kind : {ContentKind::Text, ContentKind::Json, ContentKind::Html}) {
        const auto decoded = decode_to_utf8(one_bad, kind);
        CHECK(decoded.charset == "UTF-8");
        CHECK(decoded.invalid_utf8 == 1);
        CHECK(decoded.utf8.find("Caf\xEF\xBF\xBD ") != std::string::npos);
        CHECK(decoded.utf8.find("pr\xC3\xA9sident") != std::string::npos);
    }
    // Even against a declared legacy charset (pages converted to UTF-8 keep their old meta), and with a
    // declared UTF-8.
    for (const char* meta : {"<meta charset=\"windows-1252\">", "<meta charset=\"utf-8\">"}) {
        CAPTURE(meta);
        const auto decoded = decode_to_utf8(meta + one_bad, ContentKind::Html);
        CHECK(decoded.charset == "UTF-8");
        CHECK(decoded.invalid_utf8 == 1);
    }
    // Mostly not UTF-8: a legacy charset (the lying-meta row of the table above).
    const auto latin = decode_to_utf8("<p>Caf\xE9 \xE9t\xE9 \xC3\xA9</p>", ContentKind::Html);
    CHECK(latin.charset == "windows-1252");
    CHECK(latin.invalid_utf8 == 0);
}

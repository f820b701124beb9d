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
    CHECK_THROWS_WITH_AS(decode_to_utf8(std::string("PK\x03\x04\0\0\x08\0binary\0data", 18), ContentKind::Text),
                         "binary file (NUL bytes)", fns::InputError);
}

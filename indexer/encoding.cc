#include "encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <uchardet.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <optional>

namespace fns {
namespace {

// Declarations are looked for only near the top, as browsers do (they prescan 1 KB; pages put long
// scripts before their meta, hence more).
constexpr size_t kDeclarationScanBytes = 8192;
// Detection on more than this adds time, not accuracy.
constexpr size_t kDetectionBytes = 256 * 1024;
// A file whose first 64 KB are more than 1/10 control bytes is binary data, not text with stray bytes.
constexpr size_t kBinarySampleBytes = 64 * 1024;
constexpr size_t kBinaryControlShare = 10;

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (ascii_lower(s[i]) != prefix[i]) return false;
    return true;
}

// The length of the strict UTF-8 sequence at p[i] (no overlongs, surrogates or code points above
// U+10FFFF), 0 when it is invalid. A sequence cut by the end of the buffer is accepted: scraped files are
// often truncated.
size_t utf8_sequence_length(const unsigned char* p, size_t i, size_t n) {
    const unsigned char c = p[i];
    if (c < 0x80) return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    for (size_t k = 1; k < len; ++k) {
        if (i + k >= n) return n - i;  // truncated at the end
        const unsigned char b = p[i + k];
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
    }
    return len;
}

struct Utf8Census {
    size_t multibyte = 0;  // valid sequences of two bytes or more
    size_t invalid = 0;    // bytes that start no valid sequence
};

Utf8Census utf8_census(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    Utf8Census census;
    for (size_t i = 0; i < s.size();) {
        const size_t len = utf8_sequence_length(p, i, s.size());
        if (len == 0) {
            ++census.invalid;
            ++i;
        } else {
            census.multibyte += len > 1;
            i += len;
        }
    }
    return census;
}

// UTF-8 with each byte that starts no valid sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::string out;
    out.reserve(s.size() + 64);
    for (size_t i = 0; i < s.size();) {
        const size_t len = utf8_sequence_length(p, i, s.size());
        if (len == 0) {
            out.append("\xEF\xBF\xBD");
            ++i;
        } else {
            out.append(s.substr(i, len));
            i += len;
        }
    }
    return out;
}

DecodedText as_utf8(std::string_view bytes, const Utf8Census& census) {
    return {census.invalid == 0 ? std::string(bytes) : repair_utf8(bytes), "UTF-8", census.invalid, 0};
}

// What a file starts with when it is an archive, an image, a program or a document of another kind.
std::optional<std::string> binary_signature(std::string_view bytes) {
    using namespace std::string_view_literals;  // signatures hold NUL bytes
    static constexpr std::pair<std::string_view, std::string_view> kSignatures[] = {
        {"PK\x03\x04"sv, "zip archive"},         {"\x1F\x8B"sv, "gzip archive"},
        {"\xFD" "7zXZ\0"sv, "xz archive"},        {"7z\xBC\xAF\x27\x1C"sv, "7z archive"},
        {"\x28\xB5\x2F\xFD"sv, "zstd archive"},   {"BZh"sv, "bzip2 archive"},
        {"%PDF-"sv, "PDF document"},             {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv, "Office document"},
        {"\x89PNG\r\n\x1A\n"sv, "PNG image"},    {"\xFF\xD8\xFF"sv, "JPEG image"},
        {"GIF87a"sv, "GIF image"},               {"GIF89a"sv, "GIF image"},
        {"\x7F" "ELF"sv, "program"},              {"\0asm"sv, "WebAssembly program"},
        {"SQLite format 3\0"sv, "SQLite database"},
    };
    for (const auto& [signature, what] : kSignatures) {
        if (!bytes.starts_with(signature)) continue;
        // "BZh" starts words too: an archive has the block size digit and the block magic after it.
        if (signature == "BZh" && (bytes.size() < 10 || bytes.substr(4, 6) != "\x31\x41\x59\x26\x53\x59")) continue;
        return std::string(what);
    }
    return std::nullopt;
}

// Control bytes (not tab, line and page breaks) are rare in text, common in binary data.
bool mostly_control_bytes(std::string_view bytes) {
    const std::string_view sample = bytes.substr(0, kBinarySampleBytes);
    const size_t controls = size_t(std::count_if(sample.begin(), sample.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F;
    }));
    return controls * kBinaryControlShare > sample.size();
}

size_t drop_nul_bytes(std::string& text) {
    const size_t before = text.size();
    std::erase(text, '\0');
    return before - text.size();
}

// The value after `key` in `text` (`key="value"`, `key=value`, `key = 'value'`), up to a character that
// cannot be part of a charset name.
std::string charset_value_after(std::string_view text, size_t pos) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
        ++pos;
    if (pos >= text.size() || text[pos] != '=') return {};
    ++pos;
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '"' || text[pos] == '\'')) ++pos;
    size_t end = pos;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '-' ||
                                 text[end] == '_' || text[end] == '.' || text[end] == ':'))
        ++end;
    return std::string(text.substr(pos, end - pos));
}

// `<meta charset="...">` or `<meta http-equiv="Content-Type" content="text/html; charset=...">`.
std::string html_meta_charset(std::string_view head) {
    const std::string lower = ascii_lower(head);
    for (size_t pos = lower.find("charset"); pos != std::string::npos; pos = lower.find("charset", pos + 7)) {
        const size_t tag_start = lower.rfind('<', pos);
        if (tag_start == std::string::npos || !starts_with_nocase(std::string_view(lower).substr(tag_start), "<meta"))
            continue;
        if (lower.find('>', tag_start) < pos) continue;  // "charset" is after the end of that tag
        std::string value = charset_value_after(lower, pos + 7);
        if (!value.empty()) return value;
    }
    return {};
}

// `<?xml version="1.0" encoding="..."?>` at the very start.
std::string xml_declared_encoding(std::string_view head) {
    size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || !starts_with_nocase(head.substr(start), "<?xml")) return {};
    const size_t end = head.find("?>", start);
    const std::string decl = ascii_lower(head.substr(start, end == std::string_view::npos ? 200 : end - start));
    const size_t pos = decl.find("encoding");
    return pos == std::string::npos ? std::string{} : charset_value_after(decl, pos + 8);
}

// The MIME (else IANA) name of a charset known to ICU by any alias ("latin1", "ISO_8859-1" -> "ISO-8859-1");
// "" when ICU does not know it.
std::string canonical_charset(const std::string& name) {
    UErrorCode status = U_ZERO_ERROR;
    const char* converter = ucnv_getAlias(name.c_str(), 0, &status);
    if (U_FAILURE(status) || converter == nullptr) return {};
    for (const char* standard : {"MIME", "IANA", "WINDOWS"}) {
        status = U_ZERO_ERROR;
        const char* standard_name = ucnv_getStandardName(converter, standard, &status);
        if (U_SUCCESS(status) && standard_name) return standard_name;
    }
    return converter;
}

// Labels that browsers read as a larger charset, because pages that declare them use its extra characters.
std::string browser_superset(const std::string& canonical) {
    const std::string lower = ascii_lower(canonical);
    if (lower == "iso-8859-1" || lower == "us-ascii") return "windows-1252";
    if (lower == "iso-8859-9") return "windows-1254";
    if (lower == "gb2312" || lower == "gbk") return "GB18030";
    if (lower == "euc-kr") return "windows-949";
    if (lower == "tis-620" || lower == "iso-8859-11") return "windows-874";
    return canonical;
}

bool is_utf8_name(const std::string& canonical) { return ascii_lower(canonical) == "utf-8"; }
bool is_utf16_name(const std::string& canonical) { return starts_with_nocase(ascii_lower(canonical), "utf-16"); }

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};

// Converts with ICU. `strict` stops at the first byte sequence that is invalid in `charset` (nullopt);
// otherwise such bytes become U+FFFD.
std::optional<std::string> convert_to_utf8(std::string_view bytes, const std::string& charset, bool strict) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset.c_str(), &status));
    if (U_FAILURE(status)) return std::nullopt;
    if (strict) {
        ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
        if (U_FAILURE(status)) return std::nullopt;
    }
    // One input byte never gives more than one UTF-16 unit.
    std::u16string utf16(bytes.size() + 1, u'\0');
    const int32_t units = ucnv_toUChars(conv.get(), utf16.data(), int32_t(utf16.size()), bytes.data(),
                                        int32_t(bytes.size()), &status);
    if (U_FAILURE(status)) return std::nullopt;
    std::string out(size_t(units) * 3 + 1, '\0');
    int32_t out_len = 0;
    u_strToUTF8WithSub(out.data(), int32_t(out.size()), &out_len, utf16.data(), units, 0xFFFD, nullptr, &status);
    if (U_FAILURE(status)) return std::nullopt;
    out.resize(size_t(out_len));
    return out;
}

std::string detect_charset(std::string_view bytes) {
    std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> detector(uchardet_new(),
                                                                                            &uchardet_delete);
    const size_t n = std::min(bytes.size(), kDetectionBytes);
    if (uchardet_handle_data(detector.get(), bytes.data(), n) != 0) return {};
    uchardet_data_end(detector.get());
    const char* name = uchardet_get_charset(detector.get());
    return name ? std::string(name) : std::string{};
}

// UTF-16 without a BOM: ASCII markup leaves every other byte zero.
std::optional<std::string> utf16_without_bom(std::string_view bytes) {
    const size_t n = std::min<size_t>(bytes.size() & ~size_t(1), 1024);
    if (n < 4) return std::nullopt;
    size_t even_zero = 0, odd_zero = 0;
    for (size_t i = 0; i < n; i += 2) {
        even_zero += bytes[i] == '\0';
        odd_zero += bytes[i + 1] == '\0';
    }
    const size_t pairs = n / 2;
    if (odd_zero * 10 >= pairs * 8 && even_zero * 10 < pairs) return "UTF-16LE";
    if (even_zero * 10 >= pairs * 8 && odd_zero * 10 < pairs) return "UTF-16BE";
    return std::nullopt;
}

DecodedText convert_or_throw(std::string_view bytes, const std::string& charset) {
    auto utf8 = convert_to_utf8(bytes, charset, /*strict=*/false);
    if (!utf8) throw InputError("cannot convert from charset " + charset);
    return {std::move(*utf8), charset};
}

// Bytes that are not valid UTF-8 and carry no usable declaration.
DecodedText decode_detected(std::string_view bytes) {
    std::string detected = detect_charset(bytes);
    std::string canonical = detected.empty() ? std::string{} : canonical_charset(detected);
    if (canonical.empty() || is_utf8_name(canonical) || ascii_lower(canonical) == "us-ascii") {
        // uchardet gives up on mostly-ASCII text with a few stray high bytes: Western text is by far the
        // most likely then; a page mostly made of high bytes without a known charset cannot be read.
        const size_t high = size_t(std::count_if(bytes.begin(), bytes.end(),
                                                 [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
        if (high * 5 > bytes.size())
            throw InputError("unknown charset: not UTF-8 and detection failed" +
                             (detected.empty() ? std::string{} : " (detector said " + detected + ")"));
        canonical = "windows-1252";
    }
    return convert_or_throw(bytes, browser_superset(canonical));
}

std::string declared_charset(std::string_view bytes, ContentKind kind) {
    if (kind == ContentKind::Json) return {};
    const std::string_view head = bytes.substr(0, kDeclarationScanBytes);
    std::string name = xml_declared_encoding(head);
    if (name.empty() && kind == ContentKind::Html) name = html_meta_charset(head);
    return name.empty() ? std::string{} : canonical_charset(name);
}

void strip_utf8_bom(std::string& s) {
    if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) s.erase(0, 3);
}

DecodedText decode_unmarked(std::string_view bytes, ContentKind kind) {
    std::string without_nul;
    size_t nul_bytes = 0;
    if (bytes.find('\0') != std::string_view::npos) {
        if (auto utf16 = utf16_without_bom(bytes)) return convert_or_throw(bytes, *utf16);
        if (mostly_control_bytes(bytes)) throw InputError("binary file (control bytes)");
        if (kind != ContentKind::Json) {  // stray NULs in a page; JSON readers reject the records holding them
            without_nul.assign(bytes);
            nul_bytes = drop_nul_bytes(without_nul);
            bytes = without_nul;
        }
    }
    const Utf8Census census = utf8_census(bytes);
    // Valid UTF-8 with non-ASCII bytes almost never happens by chance in another charset, so it beats any
    // declaration (pages converted to UTF-8 keep their old latin-1 meta). A file mostly UTF-8 with a few
    // bad bytes (one Latin-1 byte pasted into a UTF-8 page or dump) is UTF-8 too: the bytes are replaced.
    if (census.invalid == 0 || census.multibyte > census.invalid) {
        DecodedText decoded = as_utf8(bytes, census);
        decoded.nul_bytes = nul_bytes;
        return decoded;
    }
    const std::string declared = declared_charset(bytes, kind);
    // A declared UTF-8 (or UTF-16 without NULs) is proven wrong by now.
    if (!declared.empty() && !is_utf8_name(declared) && !is_utf16_name(declared)) {
        const std::string charset = browser_superset(declared);
        if (auto utf8 = convert_to_utf8(bytes, charset, /*strict=*/true)) return {std::move(*utf8), charset, 0, nul_bytes};
    }
    DecodedText decoded = decode_detected(bytes);
    decoded.nul_bytes = nul_bytes;
    return decoded;
}

}  // namespace

DecodedText decode_to_utf8(std::string_view bytes, ContentKind kind) {
    if (bytes.empty()) throw InputError("empty file");
    if (auto what = binary_signature(bytes)) throw InputError("binary file (" + *what + ")");
    DecodedText out;
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        out = as_utf8(bytes.substr(3), utf8_census(bytes.substr(3)));
    } else if (bytes.starts_with("\xFF\xFE")) {
        out = convert_or_throw(bytes.substr(2), "UTF-16LE");
    } else if (bytes.starts_with("\xFE\xFF")) {
        out = convert_or_throw(bytes.substr(2), "UTF-16BE");
    } else {
        out = decode_unmarked(bytes, kind);
    }
    strip_utf8_bom(out.utf8);  // a second BOM left inside by converters
    if (kind != ContentKind::Json) out.nul_bytes += drop_nul_bytes(out.utf8);  // U+0000 of UTF-16 pages
    return out;
}

}  // namespace fns

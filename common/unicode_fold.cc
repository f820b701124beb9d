#include "unicode_fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace fns {

char32_t decode_utf8(std::string_view text, size_t& pos) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char b0 = byte(pos);
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    int length = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        length = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        length = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        length = 4;
        cp = b0 & 0x07;
    } else {
        ++pos;
        return 0xFFFD;
    }
    if (pos + length > text.size()) {
        ++pos;
        return 0xFFFD;
    }
    for (int i = 1; i < length; ++i) {
        const unsigned char b = byte(pos + i);
        if ((b & 0xC0) != 0x80) {
            ++pos;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_length[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++pos;
        return 0xFFFD;
    }
    pos += length;
    return cp;
}

namespace {

CharClass classify(char32_t cp) {
    switch (cp) {
        case U'\'': case U'\u2019': case U'\u02BC': case U'\u2018':
            return CharClass::Apostrophe;
        case U'-': case U'\u2010': case U'\u2011':
            return CharClass::Hyphen;
        case U' ': case U'\u00A0': case U'\u202F': case U'\u2009': case U'\u2007':
            return CharClass::Space;
        default:
            break;
    }
    const int8_t category = u_charType(static_cast<UChar32>(cp));
    if (category == U_NON_SPACING_MARK || category == U_COMBINING_SPACING_MARK || category == U_ENCLOSING_MARK)
        return CharClass::Mark;
    if (u_isdigit(static_cast<UChar32>(cp))) return CharClass::Digit;
    if (u_isalpha(static_cast<UChar32>(cp))) return CharClass::Letter;
    return CharClass::Separator;
}

// Case fold, then decompose (NFKD) and drop the combining marks: "É" -> "e", "œ" -> "oe", "ﬁ" -> "fi".
std::string fold(char32_t cp, const icu::Normalizer2& nfkd) {
    switch (cp) {  // ligatures and letters that have no decomposition in Unicode
        case U'œ': case U'Œ': return "oe";
        case U'æ': case U'Æ': return "ae";
        case U'ß': case U'ẞ': return "ss";
        case U'ø': case U'Ø': return "o";
        case U'đ': case U'Đ': return "d";
        case U'ł': case U'Ł': return "l";
        case U'ı': return "i";
        default: break;
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded(static_cast<UChar32>(cp));
    folded.foldCase();
    const icu::UnicodeString decomposed = nfkd.normalize(folded, status);
    if (U_FAILURE(status)) return {};
    icu::UnicodeString kept;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        const int8_t category = u_charType(c);
        if (category != U_NON_SPACING_MARK && category != U_COMBINING_SPACING_MARK && category != U_ENCLOSING_MARK)
            kept.append(c);
        i += U16_LENGTH(c);
    }
    std::string out;
    kept.toUTF8String(out);
    return out;
}

// The Basic Multilingual Plane, computed once; other planes are rare enough to compute on demand.
class BmpTable {
public:
    BmpTable() : classes_(0x10000), folded_(0x10000) {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
        for (char32_t cp = 0; cp < 0x10000; ++cp) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                classes_[cp] = CharClass::Separator;
                continue;
            }
            classes_[cp] = classify(cp);
            if (classes_[cp] == CharClass::Letter || classes_[cp] == CharClass::Digit)
                folded_[cp] = U_SUCCESS(status) ? fold(cp, *nfkd) : std::string();
        }
    }
    CodePointInfo get(char32_t cp) const { return {classes_[cp], folded_[cp]}; }

private:
    std::vector<CharClass> classes_;
    std::vector<std::string> folded_;
};

}  // namespace

CodePointInfo code_point_info(char32_t cp) {
    static const BmpTable table;
    if (cp < 0x10000) return table.get(cp);
    // Outside the BMP (historic scripts, emoji, rare CJK): classify, and keep letters as they are.
    const CharClass cls = classify(cp);
    if (cls != CharClass::Letter && cls != CharClass::Digit) return {cls, {}};
    thread_local std::string encoded;
    icu::UnicodeString(static_cast<UChar32>(cp)).toUTF8String(encoded = std::string());
    return {cls, encoded};
}

}  // namespace fns

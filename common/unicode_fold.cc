#include "unicode_fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
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

// The Basic Multilingual Plane, computed with ICU a block of 256 code points at a time when a block is
// first met: text in one language meets a handful of blocks, and computing all 256 blocks at once cost
// every run of the searcher about 15 ms. A finished block is published atomically and never changes; two
// threads meeting a new block at once compute it once, under the lock.
class BmpTable {
public:
    CodePointInfo get(char32_t cp) {
        const Block* block = blocks_[cp >> 8].load(std::memory_order_acquire);
        if (block == nullptr) block = compute(cp >> 8);
        return {block->classes[cp & 0xFF], block->folded[cp & 0xFF]};
    }

private:
    struct Block {
        std::array<CharClass, 256> classes{};
        std::array<std::string, 256> folded;
    };

    const Block* compute(char32_t index) {
        const std::lock_guard lock(mutex_);
        if (const Block* done = blocks_[index].load(std::memory_order_acquire)) return done;
        auto block = std::make_unique<Block>();
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
        for (char32_t i = 0; i < 256; ++i) {
            const char32_t cp = index << 8 | i;
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                block->classes[i] = CharClass::Separator;
                continue;
            }
            block->classes[i] = classify(cp);
            if (block->classes[i] == CharClass::Letter || block->classes[i] == CharClass::Digit)
                block->folded[i] = U_SUCCESS(status) ? fold(cp, *nfkd) : std::string();
        }
        owned_[index] = std::move(block);
        blocks_[index].store(owned_[index].get(), std::memory_order_release);
        return owned_[index].get();
    }

    std::array<std::atomic<const Block*>, 256> blocks_{};
    std::array<std::unique_ptr<Block>, 256> owned_;
    std::mutex mutex_;
};

}  // namespace

CodePointInfo code_point_info(char32_t cp) {
    static BmpTable table;
    if (cp < 0x10000) return table.get(cp);
    // Outside the BMP (historic scripts, emoji, rare CJK): classify, and keep letters as they are.
    const CharClass cls = classify(cp);
    if (cls != CharClass::Letter && cls != CharClass::Digit) return {cls, {}};
    thread_local std::string encoded;
    icu::UnicodeString(static_cast<UChar32>(cp)).toUTF8String(encoded = std::string());
    return {cls, encoded};
}

}  // namespace fns

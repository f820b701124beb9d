// Per-code-point Unicode knowledge the French analysis needs, computed once with ICU and then read from a
// table: folding (lower case, diacritics removed, ligatures expanded) and the class of a code point.
#pragma once

#include <cstdint>
#include <string_view>

namespace fns {

enum class CharClass : uint8_t {
    Separator,   // spaces, punctuation, symbols
    Letter,      // letters of any script
    Digit,
    Mark,        // combining marks: part of the word they follow (NFD input)
    Apostrophe,  // ' ’ ʼ: elision or word-internal
    Hyphen,      // - ‐ ‑: splits compound words into consecutive positions
    Space,       // space, no-break spaces: may separate thousands groups ("1 000")
};

struct CodePointInfo {
    CharClass cls;
    std::string_view folded;  // UTF-8 of the folded form; empty for marks and separators
};

// Decodes one code point at `pos` (advancing it). Invalid UTF-8 bytes decode as U+FFFD, one byte each.
char32_t decode_utf8(std::string_view text, size_t& pos);

CodePointInfo code_point_info(char32_t cp);

}  // namespace fns

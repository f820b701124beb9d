// Turns the raw bytes of a file into UTF-8: BOM, declared charset (HTML meta / XML declaration), then
// detection with uchardet; conversion with ICU. Throws fns::InputError when the bytes cannot be decoded.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace fns {

// An input file that cannot be used; the message says why (the caller adds the file name).
struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct DecodedText {
    std::string utf8;
    std::string charset;      // the charset the bytes were read as, e.g. "UTF-8", "windows-1252"
    size_t invalid_utf8 = 0;  // bytes of a mostly UTF-8 file that were not, each replaced by U+FFFD
    size_t nul_bytes = 0;     // stray NUL bytes dropped from a page
};

enum class ContentKind { Text, Html, Json };

// `kind` tells whether to look for an HTML meta charset or XML declaration. A file is binary (InputError)
// when it starts with a known binary signature or is largely control bytes; stray NUL bytes are dropped
// from pages and left in JSON, where they make only the record holding them invalid. A file that is UTF-8
// but for a few bytes is read as UTF-8, those bytes replaced by U+FFFD; legacy charsets are for files
// that are mostly not UTF-8.
DecodedText decode_to_utf8(std::string_view bytes, ContentKind kind);

}  // namespace fns

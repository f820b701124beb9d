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
    std::string charset;  // the charset the bytes were read as, e.g. "UTF-8", "windows-1252"
};

enum class ContentKind { Text, Html, Json };

// `kind` tells whether to look for an HTML meta charset or XML declaration.
DecodedText decode_to_utf8(std::string_view bytes, ContentKind kind);

}  // namespace fns

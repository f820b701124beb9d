// Fuzz target: the indexer's extraction of an HTML page from raw bytes, as it reads a file: charset
// detection and decoding (encoding.h), then title, date and body extraction (html_extract.h). Any bytes
// must give an article or an InputError, never a crash, a sanitizer report or another exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "encoding.h"
#include "html_extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    fns::DecodedText decoded;
    try {
        decoded = fns::decode_to_utf8(bytes, fns::ContentKind::Html);
    } catch (const fns::InputError&) {
        return 0;  // not a page the indexer reads: reported and skipped
    }
    (void)fns::extract_html(decoded.utf8, "https://exemple.fr/2024/04/19/article.html");
    return 0;
}

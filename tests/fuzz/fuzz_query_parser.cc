// Fuzz target: the query parser on any bytes, read forgivingly, strictly and as plain words. Forgiving
// parsing fails only for a date: filter that is no date; an error's column is inside the query, and the
// excerpt that points at it is built.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "query_parser.h"

namespace {

bool mentions_date_field(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.find("date:") != std::string::npos;
}

void check_error(std::string_view text, const fns::QueryError& error) {
    if (error.column > text.size()) std::abort();
    (void)fns::point_at(text, error.column);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static fns::FrenchAnalyzer analyzer;
    static fns::QueryParser parser(analyzer);
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)parser.parse(text).query.get_description();
    } catch (const fns::QueryError& error) {
        if (!mentions_date_field(text)) std::abort();  // forgiving parsing searches anything else
        check_error(text, error);
    }
    try {
        (void)parser.parse(text, fns::Strictness::Strict).query.get_description();
    } catch (const fns::QueryError& error) {
        check_error(text, error);
    }
    (void)parser.parse_plain(text).query.get_description();
    return 0;
}

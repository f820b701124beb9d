#include "formats.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace fns {

namespace {

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string_view skip_bom_and_space(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    return text;
}

bool looks_like_html(std::string_view start) {
    const std::string head = lower_ascii(start.substr(0, 512));
    return head.starts_with("<!doctype html") || head.starts_with("<html") ||
           (head.starts_with("<") && (head.find("<head") != std::string::npos || head.find("<body") != std::string::npos));
}

}  // namespace

std::string_view format_name(Format format) {
    switch (format) {
        case Format::Text: return "text";
        case Format::Html: return "html";
        case Format::JsonLines: return "jsonl";
        case Format::Json: return "json";
    }
    return "unknown";
}

std::optional<Format> format_from_extension(const std::filesystem::path& path) {
    static constexpr std::array<std::pair<std::string_view, Format>, 8> kExtensions = {{
        {".txt", Format::Text}, {".text", Format::Text}, {".html", Format::Html}, {".htm", Format::Html},
        {".xhtml", Format::Html}, {".jsonl", Format::JsonLines}, {".ndjson", Format::JsonLines},
        {".json", Format::Json},
    }};
    const std::string extension = lower_ascii(path.extension().string());
    for (const auto& [known, format] : kExtensions)
        if (extension == known) return format;
    return std::nullopt;
}

Format refine_format(Format by_extension, std::string_view content) {
    const std::string_view start = skip_bom_and_space(content);
    if (by_extension != Format::Html && looks_like_html(start)) return Format::Html;
    if (by_extension == Format::JsonLines && start.starts_with("[")) return Format::Json;
    if (by_extension == Format::Json && start.starts_with("{")) {
        // One object per line is JSON Lines; one object over several lines is a JSON document.
        const size_t first_line_end = start.find('\n');
        const std::string_view rest = first_line_end == std::string_view::npos ? std::string_view{}
                                                                                 : skip_bom_and_space(start.substr(first_line_end));
        const std::string_view first_line = start.substr(0, first_line_end);
        if (!rest.empty() && rest.starts_with("{") && first_line.find_last_not_of(" \t\r") != std::string_view::npos &&
            first_line[first_line.find_last_not_of(" \t\r")] == '}')
            return Format::JsonLines;
    }
    return by_extension;
}

}  // namespace fns

// Which reader a file goes to: by extension, then by a look at its first bytes when the extension lies.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace fns {

enum class Format { Text, Html, JsonLines, Json };

std::string_view format_name(Format format);

// nullopt for files the indexer does not read (images, Markdown, ...).
std::optional<Format> format_from_extension(const std::filesystem::path& path);

// Corrects the extension's guess from the decoded content: an HTML page saved as .txt, a JSON array saved
// as .jsonl, one JSON object in a .json file.
Format refine_format(Format by_extension, std::string_view content);

}  // namespace fns

#include "article_view.h"

#include "search.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace fns {

namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kReset = "\033[0m";

// Bytes on disk of a database folder; nullopt for a file (a stub file's shards may be remote).
std::optional<uint64_t> size_on_disk(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::is_directory(path, error)) return std::nullopt;
    uint64_t total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(path, error))
        if (entry.is_regular_file(error)) total += entry.file_size(error);
    return total;
}

nlohmann::json json_or_null(const std::string& text) { return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text); }

}  // namespace

std::optional<FoundArticle> find_article(const Xapian::Database& db, const std::string& id) {
    const std::string term = schema::id_term(id);
    const auto posting = db.postlist_begin(term);
    if (posting == db.postlist_end(term)) return std::nullopt;
    return FoundArticle{*posting, schema::decode_stored(db.get_document(*posting).get_data())};
}

std::string format_article_text(const schema::StoredArticle& stored, bool color) {
    const Article& article = stored.article;
    const auto styled = [color](const char* style, const std::string& text) {
        return color ? fmt::format("{}{}{}", style, text, kReset) : text;
    };
    std::string out = styled(kBold, article.title.empty() ? "(untitled)" : article.title) + "\n";
    const auto field = [&](const char* name, const std::string& value) {
        if (!value.empty()) out += styled(kDim, fmt::format("{:<8}", name)) + value + "\n";
    };
    std::string date = article.published ? article.published->iso() : "undated";
    if (article.updated) date += " (updated " + article.updated->iso() + ")";
    field("date", date);
    field("source", article.source);
    field("author", article.author);
    field("url", article.url);
    field("path", stored.path);
    field("id", article.id);
    out += "\n" + article.body + "\n";
    return out;
}

std::string format_article_json(const schema::StoredArticle& stored) {
    const Article& article = stored.article;
    const nlohmann::json record = {
        {"id", article.id},
        {"title", article.title},
        {"date", article.published ? nlohmann::json(article.published->iso()) : nlohmann::json(nullptr)},
        {"updated", article.updated ? nlohmann::json(article.updated->iso()) : nlohmann::json(nullptr)},
        {"url", json_or_null(article.url)},
        {"source", json_or_null(article.source)},
        {"author", json_or_null(article.author)},
        {"path", json_or_null(stored.path)},
        {"body", article.body}};
    return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

IndexStats collect_stats(const Xapian::Database& db, const std::vector<std::string>& paths) {
    IndexStats stats;
    stats.articles = db.get_doccount();
    stats.schema_version = db.get_metadata(std::string(schema::kVersionKey));
    Xapian::doccount dated = 0;
    for (auto it = db.valuestream_begin(schema::kDateSlot); it != db.valuestream_end(schema::kDateSlot); ++it) {
        const auto date = date_from_key(*it);
        if (!date) continue;
        ++dated;
        ++stats.per_year[date->year];
        if (!stats.first || *date < *stats.first) stats.first = date;
        if (!stats.last || *date > *stats.last) stats.last = date;
    }
    stats.undated = stats.articles - dated;
    const std::string dup_prefix(schema::kDupPrefix);
    for (auto it = db.allterms_begin(dup_prefix); it != db.allterms_end(dup_prefix); ++it) {
        if (it.get_termfreq() < 2) continue;
        ++stats.duplicate_groups;
        stats.duplicate_copies += it.get_termfreq() - 1;
    }
    std::unordered_map<std::string, Xapian::doccount> sources;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
        ++sources[source_label(schema::decode_stored(db.get_document(*it).get_data()).article)];
    stats.per_source = most_first(sources);
    uint64_t size = 0;
    for (const std::string& path : paths) {
        const auto bytes = size_on_disk(path);
        if (!bytes) return stats;
        size += *bytes;
    }
    stats.size_bytes = size;
    return stats;
}

std::string format_stats_text(const IndexStats& stats) {
    constexpr size_t kSourcesShown = 20;
    std::string out = fmt::format("articles          {}\n", stats.articles);
    if (stats.first) out += fmt::format("published         {} to {}\n", stats.first->iso(), stats.last->iso());
    out += fmt::format("undated           {}\n", stats.undated);
    out += fmt::format("near-duplicates   {} groups, {} copies beyond the first of each\n", stats.duplicate_groups,
                       stats.duplicate_copies);
    out += "database size     " + (stats.size_bytes ? fmt::format("{:.1f} MB", *stats.size_bytes / 1e6) : "unknown") + "\n";
    out += fmt::format("schema version    {}\n", stats.schema_version);
    out += "\nper year\n";
    for (const auto& [year, count] : stats.per_year) out += fmt::format("  {}  {:>8}\n", year, count);
    if (stats.undated > 0) out += fmt::format("  none  {:>8}\n", stats.undated);
    out += "\nper source\n";
    for (size_t i = 0; i < stats.per_source.size() && i < kSourcesShown; ++i) {
        const auto& [source, count] = stats.per_source[i];
        out += fmt::format("  {:>8}  {}\n", count, source.empty() ? "(unknown)" : source);
    }
    if (stats.per_source.size() > kSourcesShown)
        out += fmt::format("  and {} more sources (--format json lists them all)\n", stats.per_source.size() - kSourcesShown);
    return out;
}

std::string format_stats_json(const IndexStats& stats) {
    nlohmann::json per_year = nlohmann::json::object();
    for (const auto& [year, count] : stats.per_year) per_year[std::to_string(year)] = count;
    nlohmann::json per_source = nlohmann::json::array();
    for (const auto& [source, count] : stats.per_source)
        per_source.push_back({{"source", json_or_null(source)}, {"articles", count}});
    const nlohmann::json record = {
        {"articles", stats.articles},
        {"first_date", stats.first ? nlohmann::json(stats.first->iso()) : nlohmann::json(nullptr)},
        {"last_date", stats.last ? nlohmann::json(stats.last->iso()) : nlohmann::json(nullptr)},
        {"undated", stats.undated},
        {"per_year", per_year},
        {"per_source", per_source},
        {"duplicate_groups", stats.duplicate_groups},
        {"duplicate_copies", stats.duplicate_copies},
        {"size_bytes", stats.size_bytes ? nlohmann::json(*stats.size_bytes) : nlohmann::json(nullptr)},
        {"schema_version", stats.schema_version}};
    return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace fns

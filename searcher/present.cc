#include "present.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fns {

namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kHighlight = "\033[1;33m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kReset = "\033[0m";

std::string render_snippet(const Snippet& snippet, bool color) {
    if (!color) return snippet.text;
    std::string out;
    size_t pos = 0;
    for (const auto& [begin, end] : snippet.highlights) {
        out.append(snippet.text, pos, begin - pos);
        out += kHighlight;
        out.append(snippet.text, begin, end - begin);
        out += kReset;
        pos = end;
    }
    out.append(snippet.text, pos);
    return out;
}

std::string match_count(const SearchResults& results) {
    if (results.matches_lower == results.matches_upper)
        return fmt::format("{} {}", results.matches_lower, results.matches_lower == 1 ? "match" : "matches");
    return fmt::format("about {} matches", results.matches_estimated);
}

}  // namespace

std::string format_text(const PresentedQuery& presented, bool color, bool explain, bool month_facets) {
    const SearchResults& results = *presented.results;
    std::string out;
    const auto styled = [color](const char* style, const std::string& text) {
        return color ? fmt::format("{}{}{}", style, text, kReset) : text;
    };
    if (!presented.qid.empty()) out += fmt::format("query {}: {}\n", presented.qid, presented.query);
    for (const std::string& shard : results.missing_shards)
        out += styled(kBold, "Not searched (--allow-partial): " + shard) + "\n";
    if (results.hits.empty()) {
        out += fmt::format("No article matches {}.\n",
                           presented.query.empty() ? std::string("these filters") : "\"" + presented.query + "\"");
        if (results.suggestion) out += fmt::format("Did you mean: {}\n", styled(kBold, *results.suggestion));
        return out;
    }
    out += styled(kDim, fmt::format("{}, showing {}-{}", match_count(results), results.hits.front().rank,
                                    results.hits.back().rank)) + "\n\n";
    for (size_t i = 0; i < results.hits.size(); ++i) {
        const Hit& hit = results.hits[i];
        const Article& article = hit.stored.article;
        out += fmt::format("{:>3}. {}\n", hit.rank, styled(kBold, article.title.empty() ? "(untitled)" : article.title));
        std::string meta = article.published ? article.published->iso() : "undated";
        meta += "  " + article.id;
        if (!article.source.empty()) meta += "  " + article.source;
        if (hit.copies > 0) meta += fmt::format("  +{} {}", hit.copies, hit.copies == 1 ? "copy" : "copies");
        out += "     " + styled(kDim, meta) + "\n";
        if (i < presented.snippets.size() && !presented.snippets[i].text.empty())
            out += "     " + render_snippet(presented.snippets[i], color) + "\n";
        if (explain)
            for (const std::string& line : hit.explanation) out += "       " + styled(kDim, line) + "\n";
        out += "\n";
    }
    if (month_facets && !results.months.empty()) {
        out += "By month:\n";
        for (const auto& [month, count] : results.months) out += fmt::format("  {}  {}\n", month, count);
    }
    return out;
}

std::string format_json(const PresentedQuery& presented) {
    std::string out;
    const SearchResults& results = *presented.results;
    for (size_t i = 0; i < results.hits.size(); ++i) {
        const Hit& hit = results.hits[i];
        const Article& article = hit.stored.article;
        nlohmann::json record;
        if (!presented.qid.empty()) record["qid"] = presented.qid;
        record["rank"] = hit.rank;
        record["id"] = article.id;
        record["title"] = article.title;
        record["date"] = article.published ? nlohmann::json(article.published->iso()) : nlohmann::json(nullptr);
        record["score"] = hit.score;
        record["copies"] = hit.copies;
        record["matches_estimated"] = results.matches_estimated;
        if (!results.missing_shards.empty()) record["missing_shards"] = results.missing_shards;
        if (!article.url.empty()) record["url"] = article.url;
        if (!article.source.empty()) record["source"] = article.source;
        record["path"] = hit.stored.path;
        if (i < presented.snippets.size()) {
            record["snippet"] = presented.snippets[i].text;
            record["highlights"] = presented.snippets[i].highlights;
        }
        if (!hit.explanation.empty()) record["explain"] = hit.explanation;
        out += record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        out += '\n';
    }
    return out;
}

std::string format_trec(const PresentedQuery& presented, const std::string& tag) {
    std::string out;
    const std::string qid = presented.qid.empty() ? "1" : presented.qid;
    for (const Hit& hit : presented.results->hits)
        out += fmt::format("{} Q0 {} {} {:.4f} {}\n", qid, hit.stored.article.id, hit.rank, hit.score, tag);
    return out;
}

}  // namespace fns

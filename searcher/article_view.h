// Reading what is indexed: one whole stored article (--show) and what the index holds (--stats).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "schema.h"

namespace fns {

struct FoundArticle {
    Xapian::docid docid = 0;
    schema::StoredArticle stored;
};

// The article whose id is `id` (its Q term), or nullopt.
std::optional<FoundArticle> find_article(const Xapian::Database& db, const std::string& id);

// The whole article for people: title, then date, source, author, url, path and id, then the body.
std::string format_article_text(const schema::StoredArticle& stored, bool color);
// One JSON object: {"id","title","date","updated","url","source","author","path","body"} (unknown: null).
std::string format_article_json(const schema::StoredArticle& stored);

struct IndexStats {
    Xapian::doccount articles = 0;
    Xapian::doccount undated = 0;
    std::optional<Date> first, last;                              // publication date range
    std::map<int, Xapian::doccount> per_year;
    std::vector<std::pair<std::string, Xapian::doccount>> per_source;  // most articles first; "" = unknown
    Xapian::doccount duplicate_groups = 0;   // near-duplicate keys shared by 2 articles or more
    Xapian::doccount duplicate_copies = 0;   // articles in those groups beyond the first of each
    std::optional<uint64_t> size_bytes;      // on disk; unknown for remote shards
    std::string schema_version;
};

// Reads every article's stored record once (for the sources): about a second per 100,000 articles.
IndexStats collect_stats(const Xapian::Database& db, const std::vector<std::string>& paths);
std::string format_stats_text(const IndexStats& stats);
std::string format_stats_json(const IndexStats& stats);

}  // namespace fns

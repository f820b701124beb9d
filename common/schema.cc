#include "schema.h"

#include "hash.h"
#include "record_codec.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace fns::schema {

namespace {

using nlohmann::json;

void put_if_set(json& record, const char* name, const std::string& value) {
    if (!value.empty()) record[name] = value;
}

std::string get_string(const json& record, const char* name) {
    const auto found = record.find(name);
    return found != record.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::optional<Date> get_date(const json& record, const char* name) {
    const std::string iso = get_string(record, name);
    if (iso.size() != 10) return std::nullopt;
    return date_from_key(iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2));
}

uint64_t mix(uint64_t h) {  // the finaliser of MurmurHash3
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
}

}  // namespace

std::string encode_stored(const StoredArticle& stored) {
    const Article& a = stored.article;
    json record;
    record["id"] = a.id;
    put_if_set(record, "title", a.title);
    if (a.published) record["date"] = a.published->iso();
    if (a.updated) record["updated"] = a.updated->iso();
    put_if_set(record, "url", a.url);
    put_if_set(record, "source", a.source);
    put_if_set(record, "author", a.author);
    put_if_set(record, "path", stored.path);
    put_if_set(record, "body", a.body);
    return record.dump(-1, ' ', false, json::error_handler_t::replace);
}

StoredArticle decode_stored(std::string_view data) {
    std::string decompressed;
    if (is_compressed_record(data)) data = decompressed = decompress_record(data);
    const json record = json::parse(data, nullptr, /*allow_exceptions=*/false);
    StoredArticle stored;
    if (!record.is_object()) return stored;
    Article& a = stored.article;
    a.id = get_string(record, "id");
    a.title = get_string(record, "title");
    a.published = get_date(record, "date");
    a.updated = get_date(record, "updated");
    a.url = get_string(record, "url");
    a.source = get_string(record, "source");
    a.author = get_string(record, "author");
    a.body = get_string(record, "body");
    stored.path = get_string(record, "path");
    return stored;
}

void NearDuplicateKey::add(std::string_view folded_word) {
    window_[count_ % kShingle] = fnv1a(folded_word);
    ++count_;
    if (count_ >= kShingle) take_shingle();
}

void NearDuplicateKey::take_shingle() {
    for (size_t seed = 0; seed < minimum_.size(); ++seed) {
        uint64_t h = seed + 1;
        for (size_t i = 0; i < kShingle; ++i) h = mix(h ^ window_[(count_ + i) % kShingle]);
        minimum_[seed] = std::min(minimum_[seed], h);
    }
}

std::string NearDuplicateKey::key() {
    if (count_ == 0) return {};
    if (count_ < kShingle) {  // a very short body: its words, padded, are the one shingle
        while (count_ % kShingle != 0) window_[count_++ % kShingle] = 0;
        take_shingle();
    }
    return fmt::format("{:016x}{:016x}", minimum_[0], minimum_[1]);
}

std::string bounded_term(std::string_view prefix, std::string_view key) {
    std::string term(prefix);
    if (prefix.size() + key.size() <= kMaxTermBytes) return term.append(key);
    const std::string hash = fmt::format("#{:016x}", fnv1a(key));
    size_t keep = kMaxTermBytes - prefix.size() - hash.size();
    while (keep > 0 && (static_cast<unsigned char>(key[keep]) & 0xC0) == 0x80) --keep;  // not inside a character
    return term.append(key.substr(0, keep)).append(hash);
}

Xapian::Document make_document(const StoredArticle& stored, std::string_view file_key, FrenchAnalyzer& analyzer) {
    const Article& article = stored.article;
    Xapian::Document doc;
    std::string term;
    const auto prefixed = [&term](std::string_view prefix, std::string_view rest) -> const std::string& {
        term.assign(prefix);
        term.append(rest);
        return term;
    };

    doc.add_boolean_term(id_term(article.id));
    Xapian::termpos position = 0;
    analyzer.analyze(article.title, [&](const AnalyzedWord& word) {
        ++position;
        if (word.term.empty()) return;
        doc.add_posting(prefixed(kTitlePrefix, word.term), position);
        doc.add_posting(std::string(word.term), position, kTitleWdf);
        if (!word.surface.empty()) doc.add_term(prefixed(kSurfacePrefix, word.surface), kTitleWdf);
    });
    position += kFieldGap;
    NearDuplicateKey dup_key;
    analyzer.analyze(article.body, [&](const AnalyzedWord& word) {
        ++position;
        dup_key.add(word.folded);
        if (word.term.empty()) return;
        doc.add_posting(std::string(word.term), position);
        if (!word.surface.empty()) doc.add_term(prefixed(kSurfacePrefix, word.surface));
    });
    for (const std::string* source : {&article.source, &article.url}) {
        analyzer.analyze(*source, [&](const AnalyzedWord& word) {
            doc.add_boolean_term(bounded_term(kSourcePrefix, word.folded));
        });
    }
    if (!file_key.empty()) doc.add_boolean_term(prefixed(kFilePrefix, file_key));
    if (article.published) doc.add_value(kDateSlot, article.published->key());
    doc.add_value(kTieSlot, tie_key(article));
    if (const std::string key = dup_key.key(); !key.empty()) {
        doc.add_value(kDupKeySlot, key);
        doc.add_boolean_term(prefixed(kDupPrefix, key));
    }
    doc.set_data(encode_stored(stored));
    return doc;
}

std::string tie_key(const Article& article) {
    const long date = article.published ? std::stol(article.published->key()) : 0;
    return fmt::format("{:08}", 99999999 - date) + article.id;
}

void check_schema(const Xapian::Database& db, const std::string& path) {
    const std::string version = db.get_metadata(std::string(kVersionKey));
    if (version.empty())
        throw std::runtime_error(fmt::format("{}: not a database written by this indexer (no schema version)", path));
    if (version != std::to_string(kSchemaVersion))
        throw std::runtime_error(fmt::format("{}: schema version {} but this program reads version {}; rebuild it",
                                             path, version, kSchemaVersion));
}

std::string record_dictionary(const Xapian::Database& db) { return db.get_metadata(std::string(kRecordDictionaryKey)); }

void load_record_dictionary(const Xapian::Database& db) {
    if (const std::string dictionary = record_dictionary(db); !dictionary.empty()) register_record_dictionary(dictionary);
}

Xapian::Database open_for_search(const std::string& path) {
    Xapian::Database db(path);
    check_schema(db, path);
    load_record_dictionary(db);
    return db;
}

}  // namespace fns::schema

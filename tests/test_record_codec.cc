// The stored-record codec: dictionaries trained on records, records compressed and read back.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "record_codec.h"
#include "schema.h"

namespace {

// Records shaped like the indexer's, sharing words and field names as news records do.
std::vector<std::string> sample_records(size_t count, const std::string& theme) {
    static const char* kWords[] = {"gouvernement", "ministre", "président", "élection", "réforme", "grève",
                                   "député", "sénat", "budget", "retraites", "accord", "négociations"};
    std::vector<std::string> records;
    for (size_t i = 0; i < count; ++i) {
        std::string body;
        for (size_t w = 0; w < 120; ++w) body += fmt::format("{} ", kWords[(i * 7 + w * w) % 12]);
        fns::schema::StoredArticle stored;
        stored.article.id = fmt::format("{}-{}", theme, i);
        stored.article.title = fmt::format("{} : le {} numéro {}", theme, kWords[i % 12], i);
        stored.article.body = body;
        stored.path = "depeches/" + theme + ".jsonl";
        records.push_back(fns::schema::encode_stored(stored));
    }
    return records;
}

fns::RecordSamples samples_of(const std::vector<std::string>& records) {
    fns::RecordSamples samples;
    for (const std::string& record : records) samples.add(record);
    return samples;
}

}  // namespace

TEST_CASE("record codec: too few records train no dictionary, and plain records read as they are") {
    CHECK(fns::train_record_dictionary({}).empty());
    CHECK(fns::train_record_dictionary(samples_of(sample_records(20, "peu"))).empty());
    const std::string plain = sample_records(1, "seul").front();
    CHECK_FALSE(fns::is_compressed_record(plain));
    CHECK(fns::decompress_record(plain) == plain);
    CHECK(fns::schema::decode_stored(plain).article.id == "seul-0");
}

TEST_CASE("record codec: records compressed with a trained dictionary read back whole, and smaller") {
    const std::vector<std::string> records = sample_records(600, "grève");
    const std::string dictionary = fns::train_record_dictionary(samples_of(records));
    REQUIRE_FALSE(dictionary.empty());
    fns::RecordCompressor compressor(dictionary);
    size_t plain_bytes = 0, compressed_bytes = 0;
    std::vector<std::string> compressed;
    for (const std::string& record : records) {
        compressed.push_back(compressor.compress(record));
        plain_bytes += record.size();
        compressed_bytes += compressed.back().size();
        CHECK(fns::is_compressed_record(compressed.back()));
    }
    CHECK(compressed_bytes * 3 < plain_bytes);
    // Not readable until a database's dictionary is registered: a clear error, not garbage.
    CHECK_THROWS_AS(fns::decompress_record(compressed.front()), std::runtime_error);
    fns::register_record_dictionary(dictionary);
    fns::register_record_dictionary(dictionary);  // twice is harmless
    for (size_t i = 0; i < records.size(); i += 97) {
        CAPTURE(i);
        CHECK(fns::decompress_record(compressed[i]) == records[i]);
        CHECK(fns::schema::decode_stored(compressed[i]).article.id == fmt::format("grève-{}", i));
    }
    // A damaged record is an error too.
    std::string damaged = compressed.front();
    damaged.resize(damaged.size() / 2);
    CHECK_THROWS_AS(fns::decompress_record(damaged), std::runtime_error);
}

TEST_CASE("record codec: records of two databases, each with its own dictionary, are read side by side") {
    const std::vector<std::string> first = sample_records(300, "sénat");
    const std::vector<std::string> second = sample_records(300, "budget");
    const std::string first_dictionary = fns::train_record_dictionary(samples_of(first));
    const std::string second_dictionary = fns::train_record_dictionary(samples_of(second));
    REQUIRE_FALSE(first_dictionary.empty());
    REQUIRE_FALSE(second_dictionary.empty());
    REQUIRE(first_dictionary != second_dictionary);
    const std::string a = fns::RecordCompressor(first_dictionary).compress(first[5]);
    const std::string b = fns::RecordCompressor(second_dictionary).compress(second[7]);
    fns::register_record_dictionary(first_dictionary);
    fns::register_record_dictionary(second_dictionary);
    CHECK(fns::decompress_record(a) == first[5]);
    CHECK(fns::decompress_record(b) == second[7]);
}

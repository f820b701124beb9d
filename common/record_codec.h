// Stored records (each article's document data) compressed with zstd and a dictionary trained on the
// database's own records. Glass compresses each record alone with zlib, which gains little on a few
// kilobytes of text (1.8x on OrangeSum); a dictionary holds what records share (French words, the record's
// field names), so each record compresses against it (3x). A database keeps its dictionary in its metadata
// (schema::kRecordDictionaryKey); each record names its dictionary by the zstd frame's dictionary id, so
// shards built apart, each with a dictionary of its own, are read as one.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fns {

// Records as stored, gathered to train a dictionary on: in one buffer, as zstd's trainer takes them.
struct RecordSamples {
    std::string joined;
    std::vector<size_t> sizes;
    void add(std::string_view record) {
        joined += record;
        sizes.push_back(record.size());
    }
};

// A dictionary trained on `samples`; empty when they are too few or too alike to train one (a small
// folder): such a database keeps its records plain.
std::string train_record_dictionary(const RecordSamples& samples);

// Compresses records against one dictionary; compress() may be called from several threads at once.
class RecordCompressor {
public:
    explicit RecordCompressor(const std::string& dictionary);  // throws std::runtime_error when it is not one
    ~RecordCompressor();
    RecordCompressor(const RecordCompressor&) = delete;
    RecordCompressor& operator=(const RecordCompressor&) = delete;
    std::string compress(std::string_view record) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The dictionaries this process can read records with: registered as databases are opened (any number,
// kept for the life of the process; registering one twice is harmless). Thread-safe.
void register_record_dictionary(const std::string& dictionary);

// Whether `data` is a compressed record (a zstd frame) rather than a plain one.
bool is_compressed_record(std::string_view data);
// The record as written: a compressed record decompressed with its dictionary, a plain one as it is.
// Throws std::runtime_error when the record names a dictionary not registered, or is damaged.
std::string decompress_record(std::string_view data);

}  // namespace fns

#include "record_codec.h"

#define ZDICT_STATIC_LINKING_ONLY  // ZDICT_trainFromBuffer_fastCover: one pass with fixed parameters
#include <zdict.h>
#include <zstd.h>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>

namespace fns {

namespace {
// Dictionary size: zstd's usual 110 KB; larger gained under 2% on OrangeSum.
constexpr size_t kDictionaryBytes = 112 * 1024;
// Level 6: within 4% of level 19's size on OrangeSum records, several times faster to write.
constexpr int kLevel = 6;

struct FreeDictionary {
    void operator()(ZSTD_DDict* dictionary) const { ZSTD_freeDDict(dictionary); }
};

struct DictionaryRegistry {
    std::mutex mutex;
    std::map<unsigned, std::unique_ptr<ZSTD_DDict, FreeDictionary>> by_id;  // never erased while in use
};

DictionaryRegistry& registry() {
    static DictionaryRegistry instance;
    return instance;
}

struct DecompressionContext {
    ZSTD_DCtx* context = ZSTD_createDCtx();
    ~DecompressionContext() { ZSTD_freeDCtx(context); }
};

struct CompressionContext {
    ZSTD_CCtx* context = ZSTD_createCCtx();
    ~CompressionContext() { ZSTD_freeCCtx(context); }
};
}  // namespace

std::string train_record_dictionary(const RecordSamples& samples) {
    const std::string& joined = samples.joined;
    const std::vector<size_t>& sizes = samples.sizes;
    // zstd needs a fair amount of text to learn from: under about 100 records or 64 KB it cannot help.
    if (sizes.size() < 100 || joined.size() < 64 * 1024) return {};
    std::string dictionary(std::min(kDictionaryBytes, joined.size() / 8), '\0');
    ZDICT_fastCover_params_t params{};
    params.k = 200;
    params.d = 8;
    params.f = 20;
    params.steps = 1;
    params.accel = 1;
    params.zParams.compressionLevel = kLevel;
    const size_t size = ZDICT_trainFromBuffer_fastCover(dictionary.data(), dictionary.size(), joined.data(),
                                                        sizes.data(), static_cast<unsigned>(sizes.size()), params);
    if (ZDICT_isError(size)) return {};
    dictionary.resize(size);
    return dictionary;
}

struct RecordCompressor::Impl {
    ZSTD_CDict* dictionary = nullptr;
    ~Impl() { ZSTD_freeCDict(dictionary); }
};

RecordCompressor::RecordCompressor(const std::string& dictionary) : impl_(std::make_unique<Impl>()) {
    if (ZDICT_getDictID(dictionary.data(), dictionary.size()) == 0)
        throw std::runtime_error("the stored record dictionary is damaged");
    impl_->dictionary = ZSTD_createCDict(dictionary.data(), dictionary.size(), kLevel);
    if (!impl_->dictionary) throw std::runtime_error("the stored record dictionary is damaged");
}

RecordCompressor::~RecordCompressor() = default;

std::string RecordCompressor::compress(std::string_view record) const {
    thread_local CompressionContext context;
    std::string out(ZSTD_compressBound(record.size()), '\0');
    const size_t size =
        ZSTD_compress_usingCDict(context.context, out.data(), out.size(), record.data(), record.size(), impl_->dictionary);
    if (ZSTD_isError(size)) throw std::runtime_error(fmt::format("compressing a record: {}", ZSTD_getErrorName(size)));
    out.resize(size);
    return out;
}

void register_record_dictionary(const std::string& dictionary) {
    const unsigned id = ZDICT_getDictID(dictionary.data(), dictionary.size());
    if (id == 0) throw std::runtime_error("the stored record dictionary is damaged");
    DictionaryRegistry& known = registry();
    std::lock_guard lock(known.mutex);
    if (known.by_id.count(id)) return;
    std::unique_ptr<ZSTD_DDict, FreeDictionary> loaded(ZSTD_createDDict(dictionary.data(), dictionary.size()));
    if (!loaded) throw std::runtime_error("the stored record dictionary is damaged");
    known.by_id.emplace(id, std::move(loaded));
}

bool is_compressed_record(std::string_view data) {
    static constexpr unsigned char kMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};  // ZSTD_MAGICNUMBER, little-endian
    return data.size() >= 4 && std::equal(kMagic, kMagic + 4, reinterpret_cast<const unsigned char*>(data.data()));
}

std::string decompress_record(std::string_view data) {
    if (!is_compressed_record(data)) return std::string(data);
    const unsigned id = ZSTD_getDictID_fromFrame(data.data(), data.size());
    const ZSTD_DDict* dictionary = nullptr;
    {
        DictionaryRegistry& known = registry();
        std::lock_guard lock(known.mutex);
        if (auto found = known.by_id.find(id); found != known.by_id.end()) dictionary = found->second.get();
    }
    if (!dictionary)
        throw std::runtime_error(fmt::format("a stored record needs dictionary {}, which no database opened holds", id));
    const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ULL << 31))
        throw std::runtime_error("a stored record is damaged");
    std::string out(size, '\0');
    thread_local DecompressionContext context;
    const size_t written =
        ZSTD_decompress_usingDDict(context.context, out.data(), out.size(), data.data(), data.size(), dictionary);
    if (ZSTD_isError(written) || written != size) throw std::runtime_error("a stored record is damaged");
    return out;
}

}  // namespace fns

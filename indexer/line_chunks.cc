#include "line_chunks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "encoding.h"

namespace fns {

LineChunkReader::LineChunkReader(const std::filesystem::path& path, uint64_t expected_size, size_t chunk_bytes)
    : in_(path, std::ios::binary), expected_size_(expected_size), chunk_bytes_(std::max<size_t>(chunk_bytes, 1)) {
    if (!in_) throw InputError(fmt::format("cannot read: {}", std::strerror(errno)));
}

std::optional<LineChunkReader::Chunk> LineChunkReader::next() {
    std::string bytes = std::move(carry_);
    carry_.clear();
    size_t cut = std::string::npos;  // after the last '\n' of `bytes`
    while (!at_end_ && (bytes.size() < chunk_bytes_ || cut == std::string::npos)) {
        const size_t before = bytes.size();
        const auto want = static_cast<size_t>(std::min<uint64_t>(chunk_bytes_, expected_size_ - bytes_read_));
        bytes.resize(before + want);
        in_.read(bytes.data() + before, static_cast<std::streamsize>(want));
        const auto got = static_cast<size_t>(in_.gcount());
        bytes.resize(before + got);
        bytes_read_ += got;
        if (in_.bad()) throw InputError(fmt::format("cannot read: {}", std::strerror(errno)));
        if (got < want) throw InputError("cannot read: file changed while read");
        at_end_ = bytes_read_ == expected_size_;
        const size_t newline = bytes.rfind('\n');
        cut = newline == std::string::npos ? std::string::npos : newline + 1;
    }
    if (at_end_) cut = bytes.size();  // the last line, with or without its '\n'
    if (cut == 0 || bytes.empty()) return std::nullopt;
    carry_.assign(bytes, cut, std::string::npos);
    bytes.resize(cut);
    Chunk chunk{std::move(bytes), next_line_};
    next_line_ += static_cast<size_t>(std::count(chunk.bytes.begin(), chunk.bytes.end(), '\n'));
    return chunk;
}

}  // namespace fns

// Reads a file of lines (JSON Lines) a chunk of whole lines at a time: a dump of any size is indexed in
// bounded memory, its chunks analysed by all cores while the next ones are read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace fns {

class LineChunkReader {
public:
    struct Chunk {
        std::string bytes;      // whole lines, each with its '\n' (the file's last line may lack it)
        size_t first_line = 1;  // the number of its first line in the file
    };

    // `expected_size`: the size the walk saw. The file is read that far (what is appended after is for the
    // next run); a file found shorter is an InputError.
    LineChunkReader(const std::filesystem::path& path, uint64_t expected_size, size_t chunk_bytes);

    // The next chunk: about `chunk_bytes`, cut after a line's end (longer when one line is longer); nothing
    // once the file is read. Throws InputError when the file cannot be read or changed while read.
    std::optional<Chunk> next();
    // Whether the file is read to its end (the chunk returned last was its last).
    bool done() const { return at_end_; }

private:
    std::ifstream in_;
    uint64_t expected_size_;
    size_t chunk_bytes_;
    uint64_t bytes_read_ = 0;
    size_t next_line_ = 1;
    std::string carry_;  // the start of a line read with the previous chunk
    bool at_end_ = false;
};

}  // namespace fns

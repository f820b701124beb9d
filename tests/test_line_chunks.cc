// Reading a JSON Lines file a chunk of whole lines at a time: chunks end at line ends, line numbers run on,
// a line longer than a chunk stays whole, a file that changed while read is an error.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "encoding.h"
#include "line_chunks.h"

namespace {

namespace fs = std::filesystem;
using fns::LineChunkReader;

// A file holding `content`, removed with the object.
struct ScratchFile {
    explicit ScratchFile(const std::string& content)
        : path(fs::temp_directory_path() / ("fns-line-chunks-" + std::to_string(::getpid()) + ".jsonl")) {
        std::ofstream(path, std::ios::binary) << content;
    }
    ~ScratchFile() { fs::remove(path); }
    fs::path path;
};

struct ChunkCase {
    const char* what;
    std::string content;
    size_t chunk_bytes;
    std::vector<std::pair<std::string, size_t>> chunks;  // bytes, first line
};

}  // namespace

TEST_CASE("JSON Lines read in chunks of whole lines") {
    const std::vector<ChunkCase> cases = {
        {"lines shorter than a chunk are grouped up to the chunk's size", "a1\nb2\nc3\nd4\n", 6,
         {{"a1\nb2\n", 1}, {"c3\nd4\n", 3}}},
        {"a chunk ends after the last line end it read", "a1\nb2\nc3\nd4\n", 7, {{"a1\nb2\n", 1}, {"c3\nd4\n", 3}}},
        {"a line longer than a chunk stays whole", "short\nthis line is long\nx\n", 4,
         {{"short\n", 1}, {"this line is long\n", 2}, {"x\n", 3}}},
        {"the last line may lack its line end", "a1\nb2\nlast", 3, {{"a1\n", 1}, {"b2\n", 2}, {"last", 3}}},
        {"empty lines count in the numbering", "a\n\n\nb\n", 2, {{"a\n", 1}, {"\n\n", 2}, {"b\n", 4}}},
        {"a file smaller than a chunk is one chunk", "{}\n{}\n", 1 << 20, {{"{}\n{}\n", 1}}},
        {"an empty file has no chunk", "", 8, {}},
    };
    for (const ChunkCase& c : cases) {
        INFO(c.what);
        const ScratchFile file(c.content);
        LineChunkReader reader(file.path, c.content.size(), c.chunk_bytes);
        std::vector<std::pair<std::string, size_t>> got;
        while (auto chunk = reader.next()) {
            got.emplace_back(chunk->bytes, chunk->first_line);
            CHECK(reader.done() == (got.size() == c.chunks.size()));
        }
        CHECK(got == c.chunks);
    }
}

TEST_CASE("JSON Lines in chunks: a file shorter than its size is an error, one that grew is read as far as seen") {
    {
        const ScratchFile file("a\nb\n");
        LineChunkReader reader(file.path, 10, 2);
        CHECK(reader.next()->bytes == "a\n");
        CHECK(reader.next()->bytes == "b\n");
        CHECK_THROWS_AS(reader.next(), fns::InputError);
    }
    {
        const ScratchFile file("a\nb\nappended later\n");
        LineChunkReader reader(file.path, 4, 2);
        CHECK(reader.next()->bytes == "a\n");
        CHECK(reader.next()->bytes == "b\n");
        CHECK(reader.done());
        CHECK_FALSE(reader.next().has_value());
    }
    CHECK_THROWS_AS(LineChunkReader("/nonexistent/fns/file.jsonl", 4, 2), fns::InputError);
}

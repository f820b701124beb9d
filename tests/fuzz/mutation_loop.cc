// A seeded, bounded mutation fuzzer for a libFuzzer entry point (LLVMFuzzerTestOneInput), built with the
// project's compiler so that ctest runs it under ASan/UBSan: every seed once, then random mutations of the
// seeds (bit and byte edits, cut, copied and repeated chunks, dictionary tokens, splices) until the time or
// run budget is spent. Without coverage feedback it finds less than libFuzzer does (README.md says how to
// run that), but it runs anywhere, in bounded time, and replays: the same --seed gives the same inputs.
// When a run crashes, the input is written to fuzz-crash-<pid>.bin in the current folder.
//
// usage: fuzz_TARGET [--seconds S] [--runs N] [--seed N] [--max-size BYTES] [--dict FILE]
//                    [--jsonl FIELD FILE [--jsonl-lines N]] SEED...
// A SEED is a file or a folder of files (not recursive); one that does not exist is skipped with a
// message (optional seeds from ../shared).
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Set by ASan/UBSan builds: called before the process dies of a sanitizer report.
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace {

namespace fs = std::filesystem;
using Bytes = std::string;

struct Options {
    double seconds = 10;
    uint64_t runs = UINT64_MAX;
    uint64_t seed = 12;
    size_t max_size = 1 << 20;
    std::string dictionary;
    std::string jsonl_field, jsonl_file;
    size_t jsonl_lines = 200;
    std::vector<std::string> seeds;
};

// The input being run, for the crash handler.
const Bytes* current_input = nullptr;

void save_current_input() {
    if (!current_input) return;
    char name[64];
    std::snprintf(name, sizeof name, "fuzz-crash-%d.bin", static_cast<int>(::getpid()));
    const int fd = ::open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    ssize_t written = ::write(fd, current_input->data(), current_input->size());
    (void)written;
    ::close(fd);
    const char message[] = "fuzz: the crashing input is in fuzz-crash-<pid>.bin\n";
    written = ::write(STDERR_FILENO, message, sizeof message - 1);
}

void on_fatal_signal(int signal) {
    save_current_input();
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

[[noreturn]] void usage(const std::string& problem) {
    std::fprintf(stderr, "fuzz: %s\nusage: fuzz_TARGET [--seconds S] [--runs N] [--seed N] [--max-size BYTES] "
                 "[--dict FILE] [--jsonl FIELD FILE [--jsonl-lines N]] SEED...\n", problem.c_str());
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--seconds") options.seconds = std::stod(value());
        else if (arg == "--runs") options.runs = std::stoull(value());
        else if (arg == "--seed") options.seed = std::stoull(value());
        else if (arg == "--max-size") options.max_size = std::stoull(value());
        else if (arg == "--dict") options.dictionary = value();
        else if (arg == "--jsonl") {
            options.jsonl_field = value();
            options.jsonl_file = value();
        } else if (arg == "--jsonl-lines") options.jsonl_lines = std::stoull(value());
        else if (arg.starts_with("--")) usage("unknown option " + arg);
        else options.seeds.push_back(arg);
    }
    return options;
}

Bytes read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

// A libFuzzer dictionary: one "token" a line (\\, \" and \xNN escapes), # comments.
std::vector<Bytes> read_dictionary(const std::string& path) {
    std::vector<Bytes> tokens;
    std::ifstream in(path);
    if (!in) usage("cannot read the dictionary " + path);
    for (std::string line; std::getline(in, line);) {
        const size_t open = line.find('"');
        const size_t close = line.rfind('"');
        if (line.starts_with("#") || open == std::string::npos || close <= open) continue;
        Bytes token;
        for (size_t i = open + 1; i < close; ++i) {
            if (line[i] == '\\' && i + 1 < close) {
                const char next = line[++i];
                if (next == 'x' && i + 2 < close) {
                    token += static_cast<char>(std::stoi(line.substr(i + 1, 2), nullptr, 16));
                    i += 2;
                } else {
                    token += next;
                }
            } else {
                token += line[i];
            }
        }
        if (!token.empty()) tokens.push_back(token);
    }
    return tokens;
}

std::vector<Bytes> read_seeds(const Options& options) {
    std::vector<Bytes> seeds;
    for (const std::string& seed : options.seeds) {
        std::error_code error;
        if (fs::is_directory(seed, error)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(seed))
                if (entry.is_regular_file()) files.push_back(entry.path());
            std::sort(files.begin(), files.end());  // the same order everywhere: runs replay
            for (const fs::path& file : files) seeds.push_back(read_file(file));
        } else if (fs::is_regular_file(seed, error)) {
            seeds.push_back(read_file(seed));
        } else {
            std::fprintf(stderr, "fuzz: %s is absent: its seeds are skipped\n", seed.c_str());
        }
    }
    if (!options.jsonl_file.empty()) {
        std::ifstream in(options.jsonl_file);
        if (!in) std::fprintf(stderr, "fuzz: %s is absent: its seeds are skipped\n", options.jsonl_file.c_str());
        size_t lines = 0;
        for (std::string line; lines < options.jsonl_lines && std::getline(in, line); ++lines) {
            const auto record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
            if (record.is_object() && record.contains(options.jsonl_field) && record[options.jsonl_field].is_string())
                seeds.push_back(record[options.jsonl_field].get<std::string>());
        }
    }
    for (Bytes& seed : seeds)
        if (seed.size() > options.max_size) seed.resize(options.max_size);
    if (seeds.empty()) seeds.emplace_back();
    return seeds;
}

class Mutator {
public:
    Mutator(uint64_t seed, const std::vector<Bytes>& seeds, const std::vector<Bytes>& dictionary, size_t max_size)
        : random_(seed), seeds_(seeds), dictionary_(dictionary), max_size_(max_size) {}

    Bytes next() {
        Bytes input = seeds_[below(seeds_.size())];
        const size_t mutations = 1 + below(4);
        for (size_t i = 0; i < mutations; ++i) mutate(input);
        if (input.size() > max_size_) input.resize(max_size_);
        return input;
    }

private:
    size_t below(size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(random_); }
    char random_byte() {
        static constexpr char kInteresting[] = {'\0', '\xFF', '\x80', '\xC3', '<', '>', '"', '(', ')', ':', '*', '&', ' ', '\n'};
        return below(2) ? static_cast<char>(below(256)) : kInteresting[below(sizeof kInteresting)];
    }
    Bytes token() { return dictionary_.empty() ? Bytes(1, random_byte()) : dictionary_[below(dictionary_.size())]; }

    void mutate(Bytes& input) {
        const size_t position = below(input.size() + 1);
        switch (below(8)) {
            case 0:  // flip a bit
                if (!input.empty()) input[below(input.size())] ^= static_cast<char>(1u << below(8));
                break;
            case 1:  // set a byte
                if (!input.empty()) input[below(input.size())] = random_byte();
                break;
            case 2:  // insert a few bytes
                for (size_t n = 1 + below(8); n > 0; --n) input.insert(input.begin() + position, random_byte());
                break;
            case 3:  // cut a range
                input.erase(position, 1 + below(64));
                break;
            case 4:  // copy a range elsewhere
                if (!input.empty()) {
                    const size_t from = below(input.size());
                    input.insert(below(input.size() + 1), input.substr(from, 1 + below(256)));
                }
                break;
            case 5:  // a dictionary token
                input.insert(position, token());
                break;
            case 6: {  // a short chunk repeated many times: deep nesting, long runs
                const Bytes chunk = below(2) || input.empty() ? token() : input.substr(below(input.size()), 1 + below(8));
                const size_t times = 2 + below(below(2) ? 20 : 20000);
                Bytes repeated;
                for (size_t n = 0; n < times && repeated.size() < max_size_; ++n) repeated += chunk;
                input.insert(position, repeated);
                break;
            }
            default: {  // splice with another seed
                const Bytes& other = seeds_[below(seeds_.size())];
                input = input.substr(0, position) + other.substr(below(other.size() + 1));
                break;
            }
        }
    }

    std::mt19937_64 random_;
    const std::vector<Bytes>& seeds_;
    const std::vector<Bytes>& dictionary_;
    size_t max_size_;
};

struct Slowest {
    double seconds = 0;
    size_t size = 0;
};

void run_one(const Bytes& input, Slowest& slowest) {
    current_input = &input;
    const auto start = std::chrono::steady_clock::now();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > slowest.seconds) slowest = {seconds, input.size()};
    current_input = nullptr;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    for (int signal : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) ::signal(signal, on_fatal_signal);
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(save_current_input);
    const std::vector<Bytes> seeds = read_seeds(options);
    const std::vector<Bytes> dictionary = options.dictionary.empty() ? std::vector<Bytes>{} : read_dictionary(options.dictionary);

    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    uint64_t runs = 0;
    Slowest slowest;
    for (const Bytes& seed : seeds) {
        run_one(seed, slowest);
        ++runs;
    }
    Mutator mutator(options.seed, seeds, dictionary, options.max_size);
    while (runs < options.runs && elapsed() < options.seconds) {
        run_one(mutator.next(), slowest);
        ++runs;
    }
    std::printf("fuzz: %llu runs in %.1f s from %zu seeds (random seed %llu): no failure; slowest run %.3f s "
                "(%zu bytes)\n", static_cast<unsigned long long>(runs), elapsed(), seeds.size(),
                static_cast<unsigned long long>(options.seed), slowest.seconds, slowest.size);
    return 0;
}

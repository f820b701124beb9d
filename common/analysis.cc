#include "analysis.h"

#include <algorithm>
#include <array>


#include "hash.h"
#include "stopwords.h"
#include "unicode_fold.h"

namespace fns {

namespace {

// The French articles and conjunctions that elide before a vowel, folded, sorted.
constexpr std::array<std::string_view, 13> kElidedWords = {
    "c", "d", "j", "jusqu", "l", "lorsqu", "m", "n", "puisqu", "qu", "quoiqu", "s", "t",
};
static_assert(std::is_sorted(kElidedWords.begin(), kElidedWords.end()));

bool is_elided_word(std::string_view folded) {
    return std::binary_search(kElidedWords.begin(), kElidedWords.end(), folded);
}

// The longest elided word as written ("QUOIQU", "jusqu", with room for decomposed accents).
constexpr size_t kMaxElidedBytes = 16;
// Longer "words" are URLs, hashes or garbage; Xapian also limits a term to 245 bytes.
constexpr size_t kMaxTermBytes = 64;
// Snowball French leaves too little of some words, which then share their stem with many others: tuera ->
// tu (document frequency 1,887 on OrangeSum, where Lucene's light stemmer keeps tuera, 7), deces -> dec,
// votant -> vot. A stem shorter than this keeps the folded word instead, less a plural s or x.
constexpr size_t kMinStemLength = 4;
// Past this many distinct spellings the table is emptied and refilled: a bound on memory.
constexpr size_t kMaxCachedWords = 1 << 20;

constexpr std::array<CharClass, 128> make_ascii_classes() {
    std::array<CharClass, 128> classes{};
    for (auto& c : classes) c = CharClass::Separator;
    for (int c = 'a'; c <= 'z'; ++c) classes[c] = classes[c - 'a' + 'A'] = CharClass::Letter;
    for (int c = '0'; c <= '9'; ++c) classes[c] = CharClass::Digit;
    classes['\''] = CharClass::Apostrophe;
    classes['-'] = CharClass::Hyphen;
    classes[' '] = CharClass::Space;
    return classes;
}
constexpr std::array<CharClass, 128> kAsciiClasses = make_ascii_classes();

// The class of the code point at `pos`; `next` is set past it.
inline CharClass class_at(std::string_view text, size_t pos, size_t& next) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
        next = pos + 1;
        return kAsciiClasses[byte];
    }
    next = pos;
    return code_point_info(decode_utf8(text, next)).cls;
}

inline bool is_word_char(CharClass cls) { return cls == CharClass::Letter || cls == CharClass::Digit; }

inline bool is_word_start_at(std::string_view text, size_t pos) {
    size_t next;
    return pos < text.size() && is_word_char(class_at(text, pos, next));
}

inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

size_t count_digits(std::string_view text, size_t pos) {
    size_t n = 0;
    while (pos + n < text.size() && is_ascii_digit(text[pos + n])) ++n;
    return n;
}

inline uint64_t hash_bytes(std::string_view bytes) {
    const uint64_t h = fnv1a(bytes);
    return h ^ (h >> 29);  // the table indexes by the low bits: fold the high ones in
}

}  // namespace

FrenchAnalyzer::FrenchAnalyzer() : stemmer_("french"), slots_(1 << 14), slot_hashes_(1 << 14) {}

std::string FrenchAnalyzer::guarded_stem(const std::string& folded) {
    std::string stem = stemmer_(folded);
    if (stem.size() >= kMinStemLength) return stem;
    if (folded.size() > 3 && (folded.back() == 's' || folded.back() == 'x')) return folded.substr(0, folded.size() - 1);
    return folded;
}

FrenchAnalyzer::Analysis FrenchAnalyzer::analyze_written(std::string_view written) {
    Analysis analysis{std::string(written), {}, {}};
    bool has_digit = false;
    for (size_t pos = 0; pos < written.size();) {
        const char32_t cp = decode_utf8(written, pos);
        const CodePointInfo info = code_point_info(cp);
        switch (info.cls) {
            case CharClass::Digit:
                has_digit = true;
                [[fallthrough]];
            case CharClass::Letter:
                analysis.folded.append(info.folded);
                break;
            case CharClass::Apostrophe:  // inside "aujourd'hui"
                analysis.folded.push_back('\'');
                break;
            case CharClass::Separator:  // the comma or point of "2,5"
                analysis.folded.push_back(',');
                break;
            case CharClass::Mark:   // combining accents of NFD text
            case CharClass::Space:  // "1 000"
            case CharClass::Hyphen:
                break;
        }
    }
    if (analysis.folded.size() > kMaxTermBytes || is_french_stopword(analysis.folded)) return analysis;
    analysis.term = has_digit ? analysis.folded : guarded_stem(analysis.folded);
    return analysis;
}

const FrenchAnalyzer::Analysis& FrenchAnalyzer::lookup(std::string_view written) {
    const uint64_t hash = hash_bytes(written);
    size_t mask = slots_.size() - 1;
    size_t slot = hash & mask;
    for (; slots_[slot] != 0; slot = (slot + 1) & mask) {
        if (slot_hashes_[slot] != hash) continue;
        const Analysis& candidate = analyses_[slots_[slot] - 1];
        if (candidate.written == written) return candidate;
    }
    if (analyses_.size() >= kMaxCachedWords) {
        analyses_.clear();
        std::fill(slots_.begin(), slots_.end(), 0);
        slot = hash & mask;
    } else if ((analyses_.size() + 1) * 2 > slots_.size()) {  // keep the table at most half full
        std::vector<uint32_t> slots(slots_.size() * 2);
        std::vector<uint64_t> hashes(slots.size());
        mask = slots.size() - 1;
        for (size_t i = 0; i < slots_.size(); ++i) {
            if (slots_[i] == 0) continue;
            size_t moved = slot_hashes_[i] & mask;
            while (slots[moved] != 0) moved = (moved + 1) & mask;
            slots[moved] = slots_[i];
            hashes[moved] = slot_hashes_[i];
        }
        slots_.swap(slots);
        slot_hashes_.swap(hashes);
        for (slot = hash & mask; slots_[slot] != 0;) slot = (slot + 1) & mask;
    }
    analyses_.push_back(analyze_written(written));
    slots_[slot] = static_cast<uint32_t>(analyses_.size());
    slot_hashes_[slot] = hash;
    return analyses_.back();
}

bool FrenchAnalyzer::next_word(std::string_view text, size_t& pos) {
    const size_t previous_end = word_.end;
    while (pos < text.size()) {
        const size_t start = pos;
        size_t next;
        if (!is_word_char(class_at(text, pos, next))) {
            pos = next;
            continue;
        }
        // A word joined to the previous one by one hyphen: "États-Unis", "porte-parole".
        size_t after_gap = previous_end;
        word_.after_hyphen = previous_end != std::string_view::npos && previous_end < start &&
                             class_at(text, previous_end, after_gap) == CharClass::Hyphen && after_gap == start;
        word_.begin = start;
        pos = next;
        bool digits_only = is_ascii_digit(text[start]);
        size_t groups = 1;
        while (pos < text.size()) {
            const CharClass cls = class_at(text, pos, next);
            if (is_word_char(cls) || cls == CharClass::Mark) {
                digits_only = digits_only && is_ascii_digit(text[pos]);
                pos = next;
                continue;
            }
            if (cls == CharClass::Apostrophe && is_word_start_at(text, next)) {
                // Elided words are short: a long run ("l'l'l'...", found by fuzzing) is never looked up
                // again at each apostrophe, which made a long word cost quadratic time.
                if (pos - word_.begin <= kMaxElidedBytes &&
                    is_elided_word(lookup(text.substr(word_.begin, pos - word_.begin)).folded)) {
                    word_.begin = next;  // "l'accord": the article goes, the word starts again
                    digits_only = false;
                }
                pos = next;  // else "aujourd'hui", "prud'hommes": one word
                continue;
            }
            if (digits_only) {
                const size_t digits = count_digits(text, next);
                // "1 000 soldats", "12 500": groups of three digits after a space belong to the number.
                if (cls == CharClass::Space && digits == 3 && !is_word_start_at(text, next + 3) &&
                    (groups > 1 || pos - word_.begin <= 3)) {
                    pos = next + 3;
                    ++groups;
                    continue;
                }
                // "2,5 milliards", "3.2": one decimal number.
                if ((text[pos] == ',' || text[pos] == '.') && digits > 0) {
                    pos = next + digits;
                    digits_only = false;
                    continue;
                }
            }
            break;
        }
        word_.end = pos;
        return true;
    }
    return false;
}

std::string fold_words(std::string_view text) {
    thread_local FrenchAnalyzer analyzer;
    std::string out;
    analyzer.analyze(text, [&](const AnalyzedWord& word) {
        if (!out.empty()) out.push_back(' ');
        out.append(word.folded);
    });
    return out;
}

std::string describe_analysis(std::string_view text) {
    FrenchAnalyzer analyzer;
    std::string out;
    size_t position = 0;
    analyzer.analyze(text, [&](const AnalyzedWord& word) {
        if (!out.empty()) out.push_back(' ');
        if (word.term.empty()) {
            out.push_back('_');
        } else {
            out.append(word.term);
            out.append("[" + std::to_string(position) + "]");
        }
        ++position;
    });
    return out;
}

}  // namespace fns

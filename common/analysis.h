// The French analysis chain, used identically at index and at query time:
//   UTF-8 text -> words (letters and digits; hyphens split compounds; "1 000" and "2,5" are one number)
//   -> elision stripping (l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu' quoiqu', with ' or ’)
//   -> folding (lower case, accents removed, ligatures expanded: Unicode NFKD through ICU; NFD input works)
//   -> stop words (no term, but the position is kept) -> Snowball French stemming of the folded word.
// Folding comes before stemming so that "etats", "États" and "ÉTATS" give one term.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace fns {

struct AnalyzedWord {
    std::string_view term;    // what is indexed: the stem, or the number; empty for a stop word
    std::string_view folded;  // the word folded, before stemming
    // The folded word when stemming changed it ("expliquait" for the stem expliqu, which expliquer and
    // explication share); empty when the term is the folded word itself ("accord", numbers) and for stop
    // words. Indexed beside the stem, so that the form typed can rank first.
    std::string_view surface;
    size_t begin = 0;         // byte span of the word in the analysed text (after any elided article)
    size_t end = 0;
    bool after_hyphen = false;  // joined to the previous word by a hyphen ("États-Unis" -> etat, unis)
};

class FrenchAnalyzer {
public:
    FrenchAnalyzer();

    // Calls on_word(const AnalyzedWord&) for each word of `text`, stop words included (with an empty term).
    // The views are valid during the call only.
    template <class OnWord>
    void analyze(std::string_view text, OnWord&& on_word);

private:
    // What a word as written (its bytes) analyses to. News vocabulary is small and Zipfian, so each
    // distinct spelling is folded and stemmed once, then found in an open-addressing table.
    struct Analysis {
        std::string written;
        std::string folded;
        std::string term;
    };
    const Analysis& lookup(std::string_view written);
    Analysis analyze_written(std::string_view written);
    // Snowball French, guarded against stems too short to mean one word (analysis.cc).
    std::string guarded_stem(const std::string& folded);
    // Finds the next word at or after `pos`; sets word_'s span and after_hyphen.
    bool next_word(std::string_view text, size_t& pos);

    Xapian::Stem stemmer_;
    std::deque<Analysis> analyses_;   // stable addresses
    std::vector<uint32_t> slots_;     // index + 1 into analyses_, 0 when free; size a power of two
    std::vector<uint64_t> slot_hashes_;
    AnalyzedWord word_;
};

// The folded words of `text` joined by single spaces ("À lire aussi :" -> "a lire aussi"): for comparing
// labels and names whatever their case, accents and punctuation.
std::string fold_words(std::string_view text);

// The words of `text` as "term[position]" joined by spaces, stop words as "_": the canonical line the
// analysis tests compare against.
std::string describe_analysis(std::string_view text);

// ----------------------------------------------------------------------------------------------------------

template <class OnWord>
void FrenchAnalyzer::analyze(std::string_view text, OnWord&& on_word) {
    size_t pos = 0;
    word_.end = std::string_view::npos;  // no previous word
    while (next_word(text, pos)) {
        const Analysis& analysis = lookup(text.substr(word_.begin, word_.end - word_.begin));
        word_.folded = analysis.folded;
        word_.term = analysis.term;
        const bool changed = !analysis.term.empty() && analysis.term != analysis.folded;
        word_.surface = changed ? std::string_view(analysis.folded) : std::string_view();
        on_word(static_cast<const AnalyzedWord&>(word_));
    }
}

}  // namespace fns

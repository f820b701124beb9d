#include "stopwords.h"

#include <algorithm>
#include <array>

namespace fns {

namespace {

// Snowball's French list (the one Lucene's FrenchAnalyzer uses), folded, less the forms of "été": folded,
// "ete" is also the summer, a real news word. Sorted, for binary search.
constexpr std::array<std::string_view, 159> kStopwords = {
    "a", "ai", "aie", "aient", "aies", "ait", "as", "au", "aura", "aurai", "auraient", "aurais",
    "aurait", "auras", "aurez", "auriez", "aurions", "aurons", "auront", "aux", "avaient", "avais", "avait", "avec",
    "avez", "aviez", "avions", "avons", "ayant", "ayez", "ayons", "c", "ce", "ceci", "cela", "ces",
    "cet", "cette", "d", "dans", "de", "des", "du", "elle", "en", "es", "est", "et",
    "etaient", "etais", "etait", "etant", "etee", "etees", "etes", "etiez", "etions", "eu", "eue", "eues",
    "eumes", "eurent", "eus", "eusse", "eussent", "eusses", "eussiez", "eussions", "eut", "eutes", "eux", "fumes",
    "furent", "fus", "fusse", "fussent", "fusses", "fussiez", "fussions", "fut", "futes", "ici", "il", "ils",
    "j", "je", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais",
    "me", "meme", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ont",
    "ou", "par", "pas", "pour", "qu", "que", "quel", "quelle", "quelles", "quels", "qui", "s",
    "sa", "sans", "se", "sera", "serai", "seraient", "serais", "serait", "seras", "serez", "seriez", "serions",
    "serons", "seront", "ses", "soi", "soient", "sois", "soit", "sommes", "son", "sont", "soyez", "soyons",
    "suis", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos",
    "votre", "vous", "y",
};
static_assert(std::is_sorted(kStopwords.begin(), kStopwords.end()));

}  // namespace

bool is_french_stopword(std::string_view folded_word) {
    return std::binary_search(kStopwords.begin(), kStopwords.end(), folded_word);
}

}  // namespace fns

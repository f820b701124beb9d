// French stop words: function words too frequent to help ranking, dropped at index and query time (their
// positions are kept, so phrases still see the gap). Compared in folded form (lower case, no accents).
#pragma once

#include <string_view>

namespace fns {

bool is_french_stopword(std::string_view folded_word);

}  // namespace fns

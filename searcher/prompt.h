// The interactive prompt (searcher --db DIR on a terminal): the database, the analysis tables and the
// caches stay open between queries. Line editing and history come from libedit; the history is kept in
// $HOME/.fns_searcher_history between sessions.
#pragma once

#include <string>

#include "search.h"

namespace fns {

struct PromptSettings {
    SearchOptions options;  // the command line's, as the starting point (dates, limit, sort, ...)
    bool plain = false;     // read queries as plain words
    bool color = true;
};

// Reads commands until quit or end of input; returns the exit code (0).
int run_prompt(Searcher& searcher, const PromptSettings& settings);

// The prompt's commands: what a line typed at the prompt asks for.
struct PromptCommand {
    enum class Kind { Nothing, Quit, Help, Next, Previous, Read, Like, From, To, Dates, Search };
    Kind kind = Kind::Nothing;
    std::string argument;  // Read/Like: the hit number or article id; From/To: the date (empty: clear); Search: the query
};
PromptCommand parse_prompt_line(const std::string& line);

}  // namespace fns

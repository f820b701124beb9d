#include "prompt.h"

#include <editline/readline.h>
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "article_view.h"
#include "more_like_this.h"
#include "present.h"
#include "spelling.h"

namespace fns {

namespace {

constexpr const char* kPromptHelp = R"(Type a query (the query language of searcher --help), or:
  n, p            next or previous page of hits
  N               read hit number N (the whole article)
  like N          the articles most like hit N (or like ID: like an article id)
  from DATE       only articles published on or after DATE (2024, 2024-04, 19/04/2024, avril 2024)
  to DATE         only articles published on or before DATE; "from" or "to" alone clears the limit
  dates           the date limits set
  help            this text
  quit            leave (or Ctrl-D)
)";

std::string trimmed(const std::string& text) {
    const size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t") + 1 - begin);
}

bool is_number(const std::string& text) {
    return !text.empty() && text.size() < 9 && text.find_first_not_of("0123456789") == std::string::npos;
}

// $HOME/.fns_searcher_history, or nothing without a HOME.
std::string history_path() {
    const char* home = std::getenv("HOME");
    return home && *home ? std::string(home) + "/.fns_searcher_history" : std::string();
}

class Session {
public:
    Session(Searcher& searcher, const PromptSettings& settings) : searcher_(searcher), settings_(settings) {}

    // Returns false to quit.
    bool handle(const std::string& line) {
        const PromptCommand command = parse_prompt_line(line);
        switch (command.kind) {
            case PromptCommand::Kind::Nothing: return true;
            case PromptCommand::Kind::Quit: return false;
            case PromptCommand::Kind::Help: std::cout << kPromptHelp; return true;
            case PromptCommand::Kind::Next: turn_page(+1); return true;
            case PromptCommand::Kind::Previous: turn_page(-1); return true;
            case PromptCommand::Kind::Read: read(command.argument); return true;
            case PromptCommand::Kind::Like: like(command.argument); return true;
            case PromptCommand::Kind::From: set_date(true, command.argument); return true;
            case PromptCommand::Kind::To: set_date(false, command.argument); return true;
            case PromptCommand::Kind::Dates: std::cout << dates() << '\n'; return true;
            case PromptCommand::Kind::Search: search(command.argument); return true;
        }
        return true;
    }

private:
    // The query shown: typed words, or the "like" of an article.
    struct Current {
        std::string label;
        ParsedQuery parsed;
        bool typed = false;  // typed words (spelling suggestions apply)
    };

    SearchOptions options(size_t page) const {
        SearchOptions options = settings_.options;
        options.offset = settings_.options.offset + page * settings_.options.limit;
        return options;
    }

    void search(const std::string& query) {
        try {
            current_ = Current{query, settings_.plain ? searcher_.parse_plain(query) : searcher_.parse(query), true};
        } catch (const QueryError& error) {
            std::cout << fmt::format("bad query: {}\n  {}\n  {}^\n", error.what(), query,
                                     std::string(std::min(error.column, query.size()), ' '));
            return;
        }
        show_page(0);
    }

    void show_page(size_t page) {
        if (!current_) {
            std::cout << "No query yet: type one (help lists the commands).\n";
            return;
        }
        const SearchOptions page_options = options(page);
        SearchResults results = searcher_.search(current_->parsed, page_options);
        if (results.hits.empty() && page > 0) {
            std::cout << "No more hits: this was the last page.\n";
            return;
        }
        page_ = page;
        results_ = std::move(results);
        if (current_->typed && page == 0)
            results_.suggestion = did_you_mean(searcher_, current_->label, results_.matches_estimated, page_options,
                                               settings_.plain);
        PresentedQuery presented{"", current_->label, &results_, {}};
        presented.snippets = make_snippets(results_, current_->parsed.terms, searcher_.analyzer());
        std::cout << format_text(presented, settings_.color, settings_.options.explain, settings_.options.month_facets);
    }

    void turn_page(int direction) {
        if (direction < 0 && page_ == 0) {
            std::cout << "This is the first page.\n";
            return;
        }
        show_page(direction > 0 ? page_ + 1 : page_ - 1);
    }

    // The article that hit number `text` is (on any page of the current query), or that has the id `text`.
    std::optional<FoundArticle> article(const std::string& text) {
        if (!is_number(text)) {
            auto found = find_article(searcher_.database(), text);
            if (!found) std::cout << fmt::format("No article has the id '{}'.\n", text);
            return found;
        }
        const size_t rank = std::stoul(text);
        for (const Hit& hit : results_.hits)
            if (hit.rank == rank) return FoundArticle{hit.docid, hit.stored};
        if (current_ && rank > 0) {
            SearchOptions one = settings_.options;
            one.offset = rank - 1;
            one.limit = 1;
            const SearchResults found = searcher_.search(current_->parsed, one);
            if (!found.hits.empty()) return FoundArticle{found.hits.front().docid, found.hits.front().stored};
        }
        std::cout << fmt::format("No hit number {} here.\n", text);
        return std::nullopt;
    }

    void read(const std::string& text) {
        if (const auto found = article(text)) std::cout << format_article_text(found->stored, settings_.color) << '\n';
    }

    void like(const std::string& text) {
        const auto found = article(text);
        if (!found) return;
        const std::string title = found->stored.article.title.empty() ? found->stored.article.id : found->stored.article.title;
        current_ = Current{"like: " + title, more_like_this(searcher_.database(), found->docid), false};
        show_page(0);
    }

    void set_date(bool from, const std::string& text) {
        std::optional<Date>& bound = from ? settings_.options.from : settings_.options.to;
        if (text.empty()) {
            bound.reset();
        } else {
            const auto span = parse_date_span(text);
            if (!span) {
                std::cout << fmt::format("'{}' is not a date; write 2024, 2024-04, 2024-04-19, 19/04/2024 or avril 2024\n", text);
                return;
            }
            bound = from ? span->first : span->last;
        }
        std::cout << dates() << '\n';
        if (current_) show_page(0);
    }

    std::string dates() const {
        const auto& o = settings_.options;
        if (!o.from && !o.to) return "No date limits.";
        return fmt::format("Published {}{}.", o.from ? "from " + o.from->iso() : std::string("up"),
                           o.to ? " to " + o.to->iso() : std::string(" on"));
    }

    Searcher& searcher_;
    PromptSettings settings_;
    std::optional<Current> current_;
    SearchResults results_;
    size_t page_ = 0;
};

}  // namespace

PromptCommand parse_prompt_line(const std::string& line) {
    using Kind = PromptCommand::Kind;
    const std::string text = trimmed(line);
    if (text.empty()) return {};
    const size_t space = text.find_first_of(" \t");
    const std::string word = text.substr(0, space);
    const std::string rest = space == std::string::npos ? std::string() : trimmed(text.substr(space));
    if (rest.empty()) {
        if (word == "quit" || word == "exit" || word == "q") return {Kind::Quit, ""};
        if (word == "help" || word == "?") return {Kind::Help, ""};
        if (word == "n") return {Kind::Next, ""};
        if (word == "p") return {Kind::Previous, ""};
        if (word == "dates") return {Kind::Dates, ""};
        if (is_number(word)) return {Kind::Read, word};
    }
    if (word == "like" && !rest.empty() && rest.find_first_of(" \t") == std::string::npos) return {Kind::Like, rest};
    if (word == "from") return {Kind::From, rest};
    if (word == "to") return {Kind::To, rest};
    return {Kind::Search, text};
}

int run_prompt(Searcher& searcher, const PromptSettings& settings) {
    const std::string history = history_path();
    rl_readline_name = "fns-searcher";
    using_history();
    stifle_history(1000);
    if (!history.empty()) read_history(history.c_str());
    std::cout << "French news search: type a query, help for the commands, quit to leave.\n";
    Session session(searcher, settings);
    for (;;) {
        std::cout.flush();
        const std::unique_ptr<char, decltype(&std::free)> line(readline("search> "), &std::free);
        if (!line) {
            std::cout << '\n';
            break;
        }
        const std::string text = line.get();
        if (!trimmed(text).empty()) {
            add_history(text.c_str());
            if (!history.empty()) write_history(history.c_str());  // each line at once: a killed session keeps it
        }
        if (!session.handle(text)) break;
    }
    return 0;
}

}  // namespace fns

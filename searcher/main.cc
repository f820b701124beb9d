// searcher: ranks the articles of an index for keyword queries and date ranges; prints them for people
// (highlighted snippets) or scripts (JSON Lines, TREC runs), or times a query set (--bench).
// Exit codes: 0 done (also when nothing matched); 2 usage error or malformed query; 3 database error;
// 4 a remote shard did not answer (down, hung past --timeout, connection dropped).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "command_line.h"
#include <vector>

#include "present.h"
#include "search.h"
#include "spelling.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitDatabase = 3;
constexpr int kExitShard = 4;

constexpr const char* kUsage = R"(usage: searcher --db DIR [options] QUERY...
       searcher --db DIR --queries FILE [--format json|trec] [--bench] [options]

Ranks the articles of the database DIR for QUERY. Query language:
  accord etats unis       words: case, accents and elisions ignored, plurals and verb forms matched
  "accord de paix"        an exact phrase          titre:niger  title:"coup d'état"   words of the title
  +niger -mali            required, excluded       source:afp                         source or site
  drone* presiden*        words starting so        date:2024  date:2024-04  date:2024-04-01..2024-04-30
  a AND b, a OR b, a NOT b (or ET, OU, SAUF), ( )   date:2024-04..2024-06  date:..2023-12-31  date:2024-01-01..
  greve jeudi, sommet le 2 juin   a day named among the words ranks articles of that day (or the next) higher

options:
  --db DIR           database (repeat for shards searched as one; a stub file lists shards, remote ones too)
  --timeout SECONDS  remote shards: give up connecting or waiting for an answer after SECONDS (default 10)
  --allow-partial    search the shards that answer when others do not, and name those missing
  --from DATE        only articles published on or after DATE: 2024, 2024-04, 2024-04-19, 19/04/2024, avril 2024
  --to DATE          only articles published on or before DATE (same forms; inclusive)
  --limit N          hits to show (default 10)      --offset N   hits to skip (pagination)
  --sort ORDER       relevance (default) or date (newest first)
  --recent DAYS      favour recent articles: the boost halves every DAYS before the newest article
  --facets           count the matches by month
  --explain          show how each hit's score was made
  --all-copies       list syndicated copies of an article apart (default: one hit, "+N copies")
  --format FORMAT    text (default), json (one object per hit) or trec (qid Q0 docid rank score tag)
  --color WHEN       auto (default), always or never: highlighting in text output
  --queries FILE     run each line as a query: "qid<TAB>query[<TAB>from<TAB>to]", or a bare query
  --bench            with --queries: untimed warm-up, then time each query; prints one JSON object
  --plain            read queries as plain words (no operators, phrases or fields): replayed user text
  --tag NAME         the run tag of TREC lines (default fns)
  --bm25 K1,B        BM25 parameters for every query (default 0.9,1.0; 0.6,0.75 up to 8 distinct words)
  --help             this text

exit codes: 0 done (also when nothing matched); 2 usage error or malformed query; 3 database error;
            4 a remote shard did not answer (without --allow-partial)
)";

struct CommandLine {
    std::vector<std::string> databases;
    fns::ShardOptions shards;
    std::string query;
    std::string queries_file;
    fns::SearchOptions options;
    fns::OutputFormat format = fns::OutputFormat::Text;
    std::string color = "auto";
    std::string tag = "fns";
    bool bench = false;
    bool plain = false;
};

size_t parse_count(const std::string& option, const std::string& text, size_t max) {
    try {
        size_t used = 0;
        const long long value = std::stoll(text, &used);
        if (used != text.size() || value < 0 || static_cast<unsigned long long>(value) > max) throw std::out_of_range(text);
        return static_cast<size_t>(value);
    } catch (const std::exception&) {
        throw fns::UsageError(fmt::format("{} takes a whole number from 0 to {}, not '{}'", option, max, text));
    }
}

fns::DateSpan parse_date_option(const std::string& option, const std::string& text) {
    const auto span = fns::parse_date_span(text);
    if (!span)
        throw fns::UsageError(fmt::format("{}: '{}' is not a date; write 2024, 2024-04, 2024-04-19, 19/04/2024 or avril 2024",
                                     option, text));
    return *span;
}

CommandLine parse_command_line(int argc, char** argv) {
    CommandLine command;
    std::vector<std::string> words;
    fns::ArgumentReader arguments(argc, argv);
    while (arguments.next()) {
        const std::string& arg = arguments.arg();
        const auto value = [&] { return arguments.value(); };
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(kExitOk);
        } else if (arg == "--db") {
            command.databases.push_back(value());
        } else if (arg == "--timeout") {
            const std::string text = value();
            try {
                size_t used = 0;
                const double seconds = std::stod(text, &used);
                if (used != text.size() || !(seconds > 0 && seconds <= 3600)) throw std::out_of_range(text);
                command.shards.timeout_seconds = seconds;
            } catch (const std::exception&) {
                throw fns::UsageError("--timeout takes seconds above 0 (at most 3600), not '" + text + "'");
            }
        } else if (arg == "--allow-partial") {
            command.shards.allow_partial = true;
        } else if (arg == "--from") {
            command.options.from = parse_date_option(arg, value()).first;
        } else if (arg == "--to") {
            command.options.to = parse_date_option(arg, value()).last;
        } else if (arg == "--limit") {
            command.options.limit = parse_count(arg, value(), 100000);
        } else if (arg == "--offset") {
            command.options.offset = parse_count(arg, value(), 10000000);
        } else if (arg == "--sort") {
            const std::string order = value();
            if (order == "relevance") command.options.sort = fns::SortOrder::Relevance;
            else if (order == "date") command.options.sort = fns::SortOrder::Date;
            else throw fns::UsageError("--sort takes relevance or date, not '" + order + "'");
        } else if (arg == "--recent") {
            const std::string text = value();
            const size_t days = parse_count(arg, text, 100000);
            if (days == 0) throw fns::UsageError("--recent takes a number of days above 0");
            command.options.recent_half_life_days = static_cast<double>(days);
        } else if (arg == "--facets") {
            command.options.month_facets = true;
        } else if (arg == "--explain") {
            command.options.explain = true;
        } else if (arg == "--all-copies") {
            command.options.collapse_duplicates = false;
        } else if (arg == "--format") {
            const std::string format = value();
            if (format == "text") command.format = fns::OutputFormat::Text;
            else if (format == "json") command.format = fns::OutputFormat::Json;
            else if (format == "trec") command.format = fns::OutputFormat::Trec;
            else throw fns::UsageError("--format takes text, json or trec, not '" + format + "'");
        } else if (arg == "--color" || arg == "--colour") {
            command.color = value();
            if (command.color != "auto" && command.color != "always" && command.color != "never")
                throw fns::UsageError("--color takes auto, always or never");
        } else if (arg == "--queries") {
            command.queries_file = value();
        } else if (arg == "--plain") {
            command.plain = true;
        } else if (arg == "--bench") {
            command.bench = true;
        } else if (arg == "--tag") {
            command.tag = value();
        } else if (arg == "--bm25") {
            const std::string text = value();
            const size_t comma = text.find(',');
            try {
                if (comma == std::string::npos) throw std::invalid_argument(text);
                command.options.ranking.k1 = command.options.ranking.short_k1 = std::stod(text.substr(0, comma));
                command.options.ranking.b = command.options.ranking.short_b = std::stod(text.substr(comma + 1));
            } catch (const std::exception&) {
                throw fns::UsageError("--bm25 takes K1,B such as 1.2,0.75");
            }
        } else if (arg.size() > 1 && arg.starts_with("--")) {
            throw fns::UsageError("unknown option " + arg);
        } else {
            words.push_back(arg);
        }
    }
    if (command.databases.empty()) throw fns::UsageError("--db DIR is required");
    if (command.options.from && command.options.to && *command.options.to < *command.options.from)
        throw fns::UsageError("--to is before --from");
    if (command.bench && command.queries_file.empty()) throw fns::UsageError("--bench needs --queries FILE");
    if (!command.queries_file.empty() && !words.empty()) throw fns::UsageError("give either QUERY or --queries FILE");
    for (const std::string& word : words) command.query += (command.query.empty() ? "" : " ") + word;
    if (command.queries_file.empty() && command.query.empty() && !command.options.from && !command.options.to)
        throw fns::UsageError("no QUERY");
    return command;
}

struct QueryLine {
    std::string qid;
    std::string query;
    std::optional<fns::Date> from, to;
};

std::vector<QueryLine> read_queries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw fns::UsageError(fmt::format("{}: cannot read the queries file: {}", path, std::strerror(errno)));
    std::vector<QueryLine> queries;
    size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        std::vector<std::string> columns;
        for (size_t start = 0;;) {
            const size_t tab = line.find('\t', start);
            columns.push_back(line.substr(start, tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        QueryLine query;
        if (columns.size() == 1) {
            query.qid = std::to_string(number);
            query.query = columns[0];
        } else {
            query.qid = columns[0];
            query.query = columns[1];
        }
        const auto bound = [&](size_t column, bool first) -> std::optional<fns::Date> {
            if (columns.size() <= column || columns[column].empty()) return std::nullopt;
            const auto span = fns::parse_date_span(columns[column]);
            if (!span) throw fns::UsageError(fmt::format("{}:{}: '{}' is not a date", path, number, columns[column]));
            return first ? span->first : span->last;
        };
        query.from = bound(2, true);
        query.to = bound(3, false);
        queries.push_back(std::move(query));
    }
    return queries;
}

fns::ParsedQuery parse_query(fns::Searcher& searcher, const CommandLine& command, const std::string& text) {
    return command.plain ? searcher.parse_plain(text) : searcher.parse(text);
}

void report_query_error(const std::string& query, const fns::QueryError& error) {
    std::fprintf(stderr, "searcher: bad query: %s\n  %s\n  %s^\n", error.what(), query.c_str(),
                 std::string(std::min(error.column, query.size()), ' ').c_str());
}

std::string present(fns::Searcher& searcher, const CommandLine& command, const std::string& qid,
                    const std::string& query, const fns::ParsedQuery& parsed, const fns::SearchResults& results,
                    bool color) {
    fns::PresentedQuery presented{qid, query, &results, {}};
    if (command.format == fns::OutputFormat::Trec) return fns::format_trec(presented, command.tag);
    const std::unordered_set<std::string> terms(parsed.terms.begin(), parsed.terms.end());
    for (const fns::Hit& hit : results.hits)
        presented.snippets.push_back(fns::make_snippet(hit.stored.article.body, terms, searcher.analyzer()));
    if (command.format == fns::OutputFormat::Json) return fns::format_json(presented);
    return fns::format_text(presented, color, command.options.explain, command.options.month_facets);
}

double percentile(std::vector<double> sorted, double fraction) {
    if (sorted.empty()) return 0;
    const size_t index = std::min(sorted.size() - 1, static_cast<size_t>(fraction * static_cast<double>(sorted.size())));
    return sorted[index];
}

nlohmann::json latency_figures(std::vector<double> milliseconds, size_t hits) {
    std::sort(milliseconds.begin(), milliseconds.end());
    double total = 0;
    for (double ms : milliseconds) total += ms;
    const auto round3 = [](double x) { return std::round(x * 1000) / 1000; };
    return {{"queries", milliseconds.size()},
            {"p50_ms", round3(percentile(milliseconds, 0.50))},
            {"p95_ms", round3(percentile(milliseconds, 0.95))},
            {"p99_ms", round3(percentile(milliseconds, 0.99))},
            {"max_ms", round3(milliseconds.empty() ? 0 : milliseconds.back())},
            {"qps", total > 0 ? std::round(milliseconds.size() / (total / 1000)) : 0},
            {"hits_per_query", milliseconds.empty() ? 0 : round3(static_cast<double>(hits) / milliseconds.size())}};
}

size_t word_count(const std::string& query) {
    size_t words = 0;
    bool in_word = false;
    for (char c : query) {
        const bool space = c == ' ' || c == '\t';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

int run_bench(fns::Searcher& searcher, const CommandLine& command, const std::vector<QueryLine>& queries) {
    std::vector<fns::ParsedQuery> parsed;
    std::vector<fns::SearchOptions> options;
    for (const QueryLine& line : queries) {
        fns::SearchOptions o = command.options;
        if (line.from) o.from = line.from;
        if (line.to) o.to = line.to;
        options.push_back(o);
        try {
            parsed.push_back(parse_query(searcher, command, line.query));
        } catch (const fns::QueryError& error) {
            report_query_error(line.query, error);
            return kExitUsage;
        }
    }
    for (size_t i = 0; i < queries.size(); ++i) (void)searcher.rank(parse_query(searcher, command, queries[i].query), options[i]);
    std::vector<double> all, short_queries, long_queries;
    size_t hits = 0, short_hits = 0, long_hits = 0;
    for (size_t i = 0; i < queries.size(); ++i) {
        const auto start = std::chrono::steady_clock::now();
        const fns::ParsedQuery query = parse_query(searcher, command, queries[i].query);  // parsing is part of answering
        const size_t found = searcher.rank(query, options[i]).documents.size();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        all.push_back(ms);
        hits += found;
        if (word_count(queries[i].query) <= 3) {
            short_queries.push_back(ms);
            short_hits += found;
        } else {
            long_queries.push_back(ms);
            long_hits += found;
        }
    }
    nlohmann::json figures = latency_figures(all, hits);
    figures["limit"] = command.options.limit;
    figures["short_1_3_words"] = latency_figures(short_queries, short_hits);
    figures["long_4_plus_words"] = latency_figures(long_queries, long_hits);
    std::cout << figures.dump() << '\n';
    return kExitOk;
}

int run(const CommandLine& command) {
    fns::Searcher searcher(command.databases, command.shards);
    // Shards left out (--allow-partial) are named on stderr too: TREC lines, or no hits, have no room for it.
    struct ReportMissingShards {
        const fns::Searcher& searcher;
        ~ReportMissingShards() {
            for (const std::string& shard : searcher.missing_shards())
                std::fprintf(stderr, "searcher: not searched: %s\n", shard.c_str());
        }
    } report_missing_shards{searcher};
    const bool color = command.color == "always" || (command.color == "auto" && ::isatty(STDOUT_FILENO));
    if (!command.queries_file.empty()) {
        const std::vector<QueryLine> queries = read_queries(command.queries_file);
        if (command.bench) return run_bench(searcher, command, queries);
        for (const QueryLine& line : queries) {
            fns::SearchOptions options = command.options;
            if (line.from) options.from = line.from;
            if (line.to) options.to = line.to;
            fns::ParsedQuery parsed;
            try {
                parsed = parse_query(searcher, command, line.query);
            } catch (const fns::QueryError& error) {  // one bad line does not stop the run
                std::fprintf(stderr, "searcher: query %s: ", line.qid.c_str());
                report_query_error(line.query, error);
                continue;
            }
            std::cout << present(searcher, command, line.qid, line.query, parsed, searcher.search(parsed, options), color);
        }
        return kExitOk;
    }
    fns::ParsedQuery parsed;
    try {
        parsed = parse_query(searcher, command, command.query);
    } catch (const fns::QueryError& error) {
        report_query_error(command.query, error);
        return kExitUsage;
    }
    if (parsed.query.empty() && !command.query.empty() && !command.options.from && !command.options.to) {
        std::fprintf(stderr, "searcher: \"%s\" has only stop words (le, de, et, ...): nothing to look for\n",
                     command.query.c_str());
    }
    fns::SearchResults results = searcher.search(parsed, command.options);
    if (results.hits.empty() && !command.query.empty())
        results.suggestion = fns::suggest_spelling(searcher.database(), command.query, searcher.analyzer());
    std::cout << present(searcher, command, "", command.query, parsed, results, color);
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    auto logger = spdlog::stderr_color_st("searcher");
    logger->set_pattern("searcher: %^%l%$: %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::warn);
    try {
        return run(parse_command_line(argc, argv));
    } catch (const fns::UsageError& error) {
        std::fprintf(stderr, "searcher: %s\n", error.what());
        if (argc <= 1) std::fputs(kUsage, stderr);
        return kExitUsage;
    } catch (const fns::ShardError& error) {
        std::fprintf(stderr, "searcher: %s\n", error.what());
        return kExitShard;
    } catch (const Xapian::DatabaseOpeningError& error) {
        std::fprintf(stderr, "searcher: cannot open the database: %s\n", error.get_msg().c_str());
        return kExitDatabase;
    } catch (const Xapian::Error& error) {
        std::fprintf(stderr, "searcher: database error: %s\n", error.get_description().c_str());
        return kExitDatabase;
    } catch (const std::runtime_error& error) {  // wrong schema version and the like
        std::fprintf(stderr, "searcher: %s\n", error.what());
        return kExitDatabase;
    }
}

// searcher: ranks the articles of an index for keyword queries and date ranges; prints them for people
// (highlighted snippets) or scripts (JSON Lines, TREC runs), or times a query set (--bench).
// Exit codes: 0 done (also when nothing matched); 1 done, but something asked for was not there: no
// article has the id given to --show or --like, or some lines of --queries failed (each named on stderr);
// 2 usage error or malformed query (--strict, or a date: that is no date); 3 database error;
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

#include "article_view.h"
#include "more_like_this.h"
#include "present.h"
#include "prompt.h"
#include "quality.h"
#include "search.h"
#include "spelling.h"
#include "version.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitNotFound = 1;
constexpr int kExitSomeQueriesFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitDatabase = 3;
constexpr int kExitShard = 4;

constexpr const char* kUsage = R"(usage: searcher --db DIR [options] [--] QUERY...
       searcher --db DIR                      (on a terminal: an interactive prompt; type help there)
       searcher --db DIR --show ID | --like ID | --stats [--format json]
       searcher --db DIR --queries FILE|- [--qrels QRELS] [--format json|trec] [--bench] [options]

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
  --facets [month|source]   count the matches by month (default) or by source
  --explain          show how each hit's score was made
  --all-copies       list syndicated copies of an article apart (default: one hit, "+N copies")
  --format FORMAT    text (default), json (one object per hit) or trec (qid Q0 docid rank score tag)
  --color WHEN       auto (default), always or never: highlighting in text output
  --queries FILE     run each line as a query: "qid<TAB>query[<TAB>from<TAB>to]", or a bare query; - reads stdin
  --qrels QRELS      with --queries: print MRR@10, nDCG@10, success@1/@10, recall@100 against TREC qrels
                     ("qid 0 docid relevance"), each query ranked to depth 100, instead of the hits
  --bench            with --queries: untimed warm-up, then time each query; prints one JSON object
                     (with --qrels, its "quality" member holds the figures)
  --show ID          print the whole stored article ID (title, date, source, url, path, body)
  --like ID          rank the articles most like article ID (its most telling words; its copies left out)
  --stats            what the database holds: articles, dates, years, sources, near-duplicates, size
  --plain            read queries as plain words (no operators, phrases or fields): replayed user text
  --strict           a malformed query is an error (exit 2) instead of being read leniently
  --tag NAME         the run tag of TREC lines (default fns)
  --bm25 K1,B        BM25 parameters for every query (default 0.9,1.0; 0.6,0.75 up to 8 distinct words)
  --version          the version and the index schema version
  --help             this text
  --                 ends the options: what follows is the query, even if it starts with -

A malformed query is searched anyway: a quote left open closes at the end, unbalanced parentheses and
operators with nothing to join are dropped; a note on stderr says how it was read.

exit codes: 0 done (also when nothing matched); 1 no article has the id given to --show or --like,
            or some lines of --queries failed (each named on stderr);
            2 usage error, or a malformed query with --strict, or a date: that is no date; 3 database error;
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
    std::string qrels_file;
    std::string show_id;  // --show
    std::string like_id;  // --like
    bool stats = false;
    bool prompt = false;  // no query on a terminal
    fns::Strictness strictness = fns::Strictness::Forgiving;
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
    bool options_ended = false;
    while (arguments.next()) {
        const std::string& arg = arguments.arg();
        const auto value = [&] { return arguments.value(); };
        if (options_ended) {
            words.push_back(arg);
        } else if (arg == "--") {
            options_ended = true;
        } else if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(kExitOk);
        } else if (arg == "--version") {
            std::puts(fns::version_line("searcher").c_str());
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
            const char* next = arguments.peek();  // an optional value: month (the default) or source
            const std::string kind = next && (next == std::string("month") || next == std::string("source")) ? value() : "month";
            (kind == "source" ? command.options.source_facets : command.options.month_facets) = true;
        } else if (arg == "--qrels") {
            command.qrels_file = value();
        } else if (arg == "--show") {
            command.show_id = value();
        } else if (arg == "--like") {
            command.like_id = value();
        } else if (arg == "--stats") {
            command.stats = true;
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
        } else if (arg == "--strict") {
            command.strictness = fns::Strictness::Strict;
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
    if (!command.qrels_file.empty() && command.queries_file.empty()) throw fns::UsageError("--qrels needs --queries FILE");
    const int modes = !command.show_id.empty() + !command.like_id.empty() + command.stats + !command.queries_file.empty();
    if (modes > 1 || (modes == 1 && command.queries_file.empty() && !words.empty()))
        throw fns::UsageError("give one of QUERY, --queries, --show, --like or --stats");
    for (const std::string& word : words) command.query += (command.query.empty() ? "" : " ") + word;
    if (modes == 0 && command.query.empty()) {
        command.prompt = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
        if (!command.prompt && !command.options.from && !command.options.to) throw fns::UsageError("no QUERY");
    }
    return command;
}

struct QueryLine {
    size_t number = 0;  // in the file, from 1
    std::string qid;
    std::string query;
    std::optional<fns::Date> from, to;
    std::string error;  // a date column that is no date, or a reversed range: the line is not run
};

// "query q2 (line 2): ", the prefix of every message about one line of a --queries file.
std::string line_prefix(const QueryLine& line) { return fmt::format("query {} (line {}): ", line.qid, line.number); }

std::vector<QueryLine> read_queries(const std::string& path) {
    std::ifstream file;
    if (path != "-") file.open(path);
    std::istream& in = path == "-" ? std::cin : file;
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
        query.number = number;
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
            if (!span) {
                if (query.error.empty())
                    query.error = fmt::format("'{}' in the {} column is not a date", columns[column], first ? "from" : "to");
                return std::nullopt;
            }
            return first ? span->first : span->last;
        };
        query.from = bound(2, true);
        query.to = bound(3, false);
        if (query.error.empty() && query.from && query.to && *query.to < *query.from)  // as --from and --to
            query.error = fmt::format("the to column ({}) is before the from column ({})", columns[3], columns[2]);
        queries.push_back(std::move(query));
    }
    return queries;
}

fns::ParsedQuery parse_query(fns::Searcher& searcher, const CommandLine& command, const std::string& text) {
    return command.plain ? searcher.parse_plain(text) : searcher.parse(text, command.strictness);
}

// `prefix` names the line of a --queries file, or is empty.
void report_query_error(const std::string& prefix, const std::string& query, const fns::QueryError& error) {
    const auto [excerpt, caret] = fns::point_at(query, error.column);
    std::fprintf(stderr, "searcher: %sbad query: %s\n  %s\n  %s\n", prefix.c_str(), error.what(), excerpt.c_str(),
                 caret.c_str());
}

// One short line on how a malformed query was read (forgiving mode).
void report_notes(const std::string& prefix, const fns::ParsedQuery& parsed) {
    if (parsed.notes.empty()) return;
    constexpr size_t kShown = 3;
    std::string notes;
    for (size_t i = 0; i < parsed.notes.size() && i < kShown; ++i) notes += (i ? "; " : "") + parsed.notes[i];
    if (parsed.notes.size() > kShown) notes += fmt::format("; and {} more", parsed.notes.size() - kShown);
    std::fprintf(stderr, "searcher: %sread leniently: %s (--strict makes this an error)\n", prefix.c_str(), notes.c_str());
}

// The parsed query of a line of --queries, or nullopt when the line failed (reported, with its qid and line).
std::optional<fns::ParsedQuery> parse_line(fns::Searcher& searcher, const CommandLine& command, const QueryLine& line) {
    if (!line.error.empty()) {
        std::fprintf(stderr, "searcher: %s%s\n", line_prefix(line).c_str(), line.error.c_str());
        return std::nullopt;
    }
    try {
        fns::ParsedQuery parsed = parse_query(searcher, command, line.query);
        report_notes(line_prefix(line), parsed);
        return parsed;
    } catch (const fns::QueryError& error) {
        report_query_error(line_prefix(line), line.query, error);
        return std::nullopt;
    }
}

// A line of --queries parsed once (failures and lenient readings reported then), with its date bounds.
struct ParsedLine {
    const QueryLine* line;
    std::optional<fns::ParsedQuery> parsed;  // nullopt: the line failed
    fns::SearchOptions options;
};

std::vector<ParsedLine> parse_lines(fns::Searcher& searcher, const CommandLine& command,
                                    const std::vector<QueryLine>& queries) {
    std::vector<ParsedLine> lines;
    for (const QueryLine& line : queries) {
        fns::SearchOptions options = command.options;
        if (line.from) options.from = line.from;
        if (line.to) options.to = line.to;
        lines.push_back({&line, parse_line(searcher, command, line), options});
    }
    return lines;
}

size_t failed_lines(const std::vector<ParsedLine>& lines) {
    return static_cast<size_t>(std::count_if(lines.begin(), lines.end(), [](const ParsedLine& l) { return !l.parsed; }));
}

std::string present(fns::Searcher& searcher, const CommandLine& command, const std::string& qid,
                    const std::string& query, const fns::ParsedQuery& parsed, const fns::SearchResults& results,
                    bool color) {
    fns::PresentedQuery presented{qid, query, &results, {}, command.options.offset, command.options.limit};
    if (command.format == fns::OutputFormat::Trec) return fns::format_trec(presented, command.tag);
    presented.snippets = fns::make_snippets(results, parsed.terms, searcher.analyzer());
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

// Each query ranked to kQualityDepth with its own date bounds, scored against the qrels.
fns::QualityFigures measure_quality(fns::Searcher& searcher, const CommandLine& command, const std::vector<ParsedLine>& lines) {
    std::ifstream in(command.qrels_file);
    if (!in) throw fns::UsageError(fmt::format("{}: cannot read the qrels file: {}", command.qrels_file, std::strerror(errno)));
    fns::Qrels qrels = fns::read_qrels(in, command.qrels_file);
    fns::QualityMeter meter(std::move(qrels));
    for (const ParsedLine& line : lines) {
        fns::SearchOptions options = line.options;
        options.offset = 0;
        options.limit = fns::kQualityDepth;
        std::vector<Xapian::docid> ranked;
        if (line.parsed)  // a line that failed is scored as finding nothing
            for (const fns::ScoredDocument& document : searcher.rank(*line.parsed, options).documents)
                ranked.push_back(document.docid);
        meter.add(line.line->qid, ranked, searcher.database());
    }
    return meter.figures();
}

int run_bench(fns::Searcher& searcher, const CommandLine& command, const std::vector<ParsedLine>& lines,
              const std::optional<fns::QualityFigures>& quality) {
    // The lines that failed are left out of the timing.
    std::vector<const ParsedLine*> runnable;
    for (const ParsedLine& line : lines)
        if (line.parsed) runnable.push_back(&line);
    for (const ParsedLine* line : runnable) (void)searcher.rank(*line->parsed, line->options);  // warm-up
    std::vector<double> all, short_queries, long_queries;
    size_t hits = 0, short_hits = 0, long_hits = 0;
    for (const ParsedLine* line : runnable) {
        const auto start = std::chrono::steady_clock::now();
        const fns::ParsedQuery query = parse_query(searcher, command, line->line->query);  // parsing is part of answering
        const size_t found = searcher.rank(query, line->options).documents.size();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        all.push_back(ms);
        hits += found;
        if (word_count(line->line->query) <= 3) {
            short_queries.push_back(ms);
            short_hits += found;
        } else {
            long_queries.push_back(ms);
            long_hits += found;
        }
    }
    const size_t failed = failed_lines(lines);
    nlohmann::json figures = latency_figures(all, hits);
    figures["failed"] = failed;
    figures["limit"] = command.options.limit;
    figures["short_1_3_words"] = latency_figures(short_queries, short_hits);
    figures["long_4_plus_words"] = latency_figures(long_queries, long_hits);
    if (quality) figures["quality"] = fns::quality_json(*quality);
    std::cout << figures.dump() << '\n';
    return failed > 0 ? kExitSomeQueriesFailed : kExitOk;
}

// Every line of a --queries file: a line that failed was named on stderr, the others run.
void run_queries(fns::Searcher& searcher, const CommandLine& command, const std::vector<ParsedLine>& lines, bool color) {
    for (const ParsedLine& line : lines)
        if (line.parsed)
            std::cout << present(searcher, command, line.line->qid, line.line->query, *line.parsed,
                                 searcher.search(*line.parsed, line.options), color);
}

// A query that gives nothing to search for, said as it is: only stop words, or no word at all.
void report_nothing_to_search(const std::string& query, const fns::ParsedQuery& parsed) {
    const auto [excerpt, caret] = fns::point_at(query, 0);
    if (parsed.only_stop_words)
        std::fprintf(stderr, "searcher: nothing to search for: \"%s\" has only stop words (le, de, et, ...)\n",
                     excerpt.c_str());
    else
        std::fprintf(stderr, "searcher: nothing to search for: \"%s\" has no word (only symbols, punctuation or single "
                     "letters)\n", excerpt.c_str());
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
    const bool json = command.format == fns::OutputFormat::Json;
    if (command.prompt) return fns::run_prompt(searcher, {command.options, command.plain, color});
    if (command.stats) {
        const fns::IndexStats stats = fns::collect_stats(searcher.database(), command.databases);
        std::cout << (json ? fns::format_stats_json(stats) : fns::format_stats_text(stats));
        return kExitOk;
    }
    const std::string& wanted_id = command.show_id.empty() ? command.like_id : command.show_id;
    if (!wanted_id.empty()) {
        const auto found = fns::find_article(searcher.database(), wanted_id);
        if (!found) {
            std::fprintf(stderr, "searcher: no article has the id '%s'\n", wanted_id.c_str());
            return kExitNotFound;
        }
        if (!command.show_id.empty()) {
            std::cout << (json ? fns::format_article_json(found->stored) : fns::format_article_text(found->stored, color));
            return kExitOk;
        }
        const fns::ParsedQuery like = fns::more_like_this(searcher.database(), found->docid);
        searcher.answer_one_query();
        const std::string title = "like " + wanted_id;
        std::cout << present(searcher, command, "", title, like, searcher.search(like, command.options), color);
        return kExitOk;
    }
    if (!command.queries_file.empty()) {
        const std::vector<QueryLine> queries = read_queries(command.queries_file);
        const std::vector<ParsedLine> lines = parse_lines(searcher, command, queries);
        std::optional<fns::QualityFigures> quality;
        if (!command.qrels_file.empty()) quality = measure_quality(searcher, command, lines);
        if (command.bench) return run_bench(searcher, command, lines, quality);
        if (quality)
            std::cout << (json ? fns::quality_json(*quality).dump() + "\n" : fns::format_quality_text(*quality));
        else
            run_queries(searcher, command, lines, color);
        return failed_lines(lines) > 0 ? kExitSomeQueriesFailed : kExitOk;
    }
    fns::ParsedQuery parsed;
    try {
        parsed = parse_query(searcher, command, command.query);
    } catch (const fns::QueryError& error) {
        report_query_error("", command.query, error);
        return kExitUsage;
    }
    report_notes("", parsed);
    if (parsed.query.empty() && !command.query.empty() && !command.options.from && !command.options.to)
        report_nothing_to_search(command.query, parsed);
    searcher.answer_one_query();
    fns::SearchResults results = searcher.search(parsed, command.options);
    results.suggestion = searcher.retrying([&] {
        return fns::did_you_mean(searcher, command.query, results.matches_estimated, command.options, command.plain);
    });
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

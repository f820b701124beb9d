// Retrieval quality of a query set against TREC qrels ("qid 0 docid relevance" lines): MRR@10, nDCG@10,
// success@1 and @10, recall@100 and the queries with no relevant hit. Counts as
// ../shared/eval/known_item.py does: a run's rank is the position in the ranked list; every judged query
// asked counts, a query that found nothing scoring 0; queries without judgments are left out (and
// counted apart).
#pragma once

#include <xapian.h>

#include <istream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace fns {

// qid -> docid -> relevance grade (> 0 relevant; 0 judged not relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

// Reads qrels; throws std::runtime_error naming the line when one is not "qid iter docid relevance".
Qrels read_qrels(std::istream& in, const std::string& name);

// How deep each query is ranked for the figures, whatever --limit says (recall@100 needs 100).
inline constexpr size_t kQualityDepth = 100;

struct QualityFigures {
    size_t queries = 0;            // judged queries (with at least one relevant document) that were asked
    size_t unjudged = 0;           // asked but absent from the qrels: left out of the figures
    double mrr_at_10 = 0;
    double ndcg_at_10 = 0;         // gain = relevance grade, discount log2(rank + 1), as trec_eval
    double success_at_1 = 0;
    double success_at_10 = 0;
    double recall_at_100 = 0;
    size_t no_relevant_hit = 0;    // judged queries with no relevant document among their hits
};

// Accumulates one ranked list per query (ids best first), then gives the means.
class QualityMeter {
public:
    explicit QualityMeter(Qrels qrels) : qrels_(std::move(qrels)) {}
    void add(const std::string& qid, const std::vector<std::string>& ranked_ids);
    // The same from Xapian document ids: the judged articles' ids are looked up in `db` (Q terms), so the
    // ranked documents need not be read.
    void add(const std::string& qid, const std::vector<Xapian::docid>& ranked, const Xapian::Database& db);
    QualityFigures figures() const;

private:
    // `grades`: the relevance grade of each ranked document, best first.
    void add_grades(const std::string& qid, const std::vector<int>& grades);
    Qrels qrels_;
    QualityFigures sums_;
};

// Figures rounded to 4 decimals, as known_item.py prints them.
std::string format_quality_text(const QualityFigures& figures);
// {"queries", "unjudged", "mrr@10", "ndcg@10", "success@1", "success@10", "recall@100", "no_relevant_hit"}
nlohmann::json quality_json(const QualityFigures& figures);

}  // namespace fns

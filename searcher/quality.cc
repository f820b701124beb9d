#include "quality.h"

#include "schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>
#include <stdexcept>

namespace fns {

Qrels read_qrels(std::istream& in, const std::string& name) {
    Qrels qrels;
    size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        std::istringstream fields(line);
        std::string qid, iteration, docid, grade, extra;
        if (!(fields >> qid)) continue;  // blank line
        int relevance = 0;
        try {
            size_t used = 0;
            if (!(fields >> iteration >> docid >> grade) || (fields >> extra)) throw std::invalid_argument(line);
            relevance = std::stoi(grade, &used);
            if (used != grade.size()) throw std::invalid_argument(grade);
        } catch (const std::exception&) {
            throw std::runtime_error(
                fmt::format("{}:{}: not a qrels line \"qid 0 docid relevance\": {}", name, number, line));
        }
        qrels[qid][docid] = relevance;
    }
    return qrels;
}

void QualityMeter::add(const std::string& qid, const std::vector<std::string>& ranked_ids) {
    const auto judged = qrels_.find(qid);
    std::vector<int> grades;
    for (const std::string& id : ranked_ids) {
        int grade = 0;
        if (judged != qrels_.end())
            if (const auto found = judged->second.find(id); found != judged->second.end()) grade = found->second;
        grades.push_back(grade);
    }
    add_grades(qid, grades);
}

void QualityMeter::add(const std::string& qid, const std::vector<Xapian::docid>& ranked, const Xapian::Database& db) {
    std::map<Xapian::docid, int> judged_docids;
    if (const auto judged = qrels_.find(qid); judged != qrels_.end()) {
        for (const auto& [id, grade] : judged->second) {
            const std::string term = schema::id_term(id);
            for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) judged_docids[*it] = grade;
        }
    }
    std::vector<int> grades;
    for (const Xapian::docid docid : ranked) {
        const auto found = judged_docids.find(docid);
        grades.push_back(found == judged_docids.end() ? 0 : found->second);
    }
    add_grades(qid, grades);
}

void QualityMeter::add_grades(const std::string& qid, const std::vector<int>& grades) {
    const auto judged = qrels_.find(qid);
    std::vector<int> ideal;
    if (judged != qrels_.end())
        for (const auto& [docid, relevance] : judged->second)
            if (relevance > 0) ideal.push_back(relevance);
    if (ideal.empty()) {
        ++sums_.unjudged;
        return;
    }
    ++sums_.queries;
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double dcg = 0, ideal_dcg = 0;
    size_t first_relevant = 0;  // 1-based rank, 0: none
    size_t relevant_in_depth = 0;
    for (size_t rank = 1; rank <= grades.size() && rank <= kQualityDepth; ++rank) {
        const int relevance = grades[rank - 1];
        if (relevance <= 0) continue;
        if (first_relevant == 0) first_relevant = rank;
        ++relevant_in_depth;
        if (rank <= 10) dcg += relevance / std::log2(rank + 1.0);
    }
    for (size_t rank = 1; rank <= ideal.size() && rank <= 10; ++rank) ideal_dcg += ideal[rank - 1] / std::log2(rank + 1.0);
    if (first_relevant == 0) ++sums_.no_relevant_hit;
    if (first_relevant >= 1 && first_relevant <= 10) {
        sums_.mrr_at_10 += 1.0 / static_cast<double>(first_relevant);
        sums_.success_at_10 += 1;
    }
    if (first_relevant == 1) sums_.success_at_1 += 1;
    sums_.ndcg_at_10 += dcg / ideal_dcg;
    sums_.recall_at_100 += static_cast<double>(relevant_in_depth) / static_cast<double>(ideal.size());
}

QualityFigures QualityMeter::figures() const {
    QualityFigures means = sums_;
    if (means.queries == 0) return means;
    const double n = static_cast<double>(means.queries);
    for (double* sum : {&means.mrr_at_10, &means.ndcg_at_10, &means.success_at_1, &means.success_at_10, &means.recall_at_100})
        *sum /= n;
    return means;
}

namespace {

double round4(double x) { return std::round(x * 10000) / 10000; }

}  // namespace

std::string format_quality_text(const QualityFigures& f) {
    std::string out = fmt::format("queries judged    {}", f.queries);
    if (f.unjudged > 0) out += fmt::format("  ({} more without judgments, left out)", f.unjudged);
    out += "\n";
    out += fmt::format("MRR@10            {:.4f}\n", round4(f.mrr_at_10));
    out += fmt::format("nDCG@10           {:.4f}\n", round4(f.ndcg_at_10));
    out += fmt::format("success@1         {:.4f}\n", round4(f.success_at_1));
    out += fmt::format("success@10        {:.4f}\n", round4(f.success_at_10));
    out += fmt::format("recall@100        {:.4f}\n", round4(f.recall_at_100));
    out += fmt::format("no relevant hit   {} (in the top {})\n", f.no_relevant_hit, kQualityDepth);
    return out;
}

nlohmann::json quality_json(const QualityFigures& f) {
    return {{"queries", f.queries},
            {"unjudged", f.unjudged},
            {"mrr@10", round4(f.mrr_at_10)},
            {"ndcg@10", round4(f.ndcg_at_10)},
            {"success@1", round4(f.success_at_1)},
            {"success@10", round4(f.success_at_10)},
            {"recall@100", round4(f.recall_at_100)},
            {"no_relevant_hit", f.no_relevant_hit}};
}

}  // namespace fns

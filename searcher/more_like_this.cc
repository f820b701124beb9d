#include "more_like_this.h"

#include "schema.h"

namespace fns {

namespace {

// Body words only: prefixed terms (ids, titles, exact forms, sources, files) start with a capital, and
// numbers (years, amounts) say little about a story.
class BodyWords : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override {
        return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && !(term[0] >= '0' && term[0] <= '9');
    }
};

}  // namespace

ParsedQuery more_like_this(const Xapian::Database& db, Xapian::docid docid, Xapian::termcount words) {
    Xapian::Enquire enquire(db);
    Xapian::RSet relevant;
    relevant.add_document(docid);
    const BodyWords body_words;
    const Xapian::ESet expand = enquire.get_eset(words, relevant, &body_words);
    ParsedQuery parsed;
    if (expand.empty()) return parsed;
    const double top = expand.begin().get_weight();
    std::vector<Xapian::Query> parts;
    for (auto it = expand.begin(); it != expand.end(); ++it) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), it.get_weight() / top);
        parsed.terms.push_back(*it);
    }
    const Xapian::Document document = db.get_document(docid);
    std::vector<Xapian::Query> itself;
    for (auto it = document.termlist_begin(); it != document.termlist_end(); ++it) {
        const std::string term = *it;
        if (term.starts_with(schema::kIdPrefix) || term.starts_with(schema::kDupPrefix)) itself.emplace_back(term);
    }
    parsed.query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                                 Xapian::Query(Xapian::Query::OP_OR, itself.begin(), itself.end()));
    return parsed;
}

}  // namespace fns

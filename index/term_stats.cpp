#include "index/term_stats.h"

#include "index/format.h"

namespace dateline {
namespace {

// A term a database can be asked about: longer ones cannot be indexed (kMaxTermBytes).
bool askable(const std::string& term) { return !term.empty() && term.size() <= kMaxTermBytes; }

}  // namespace

std::map<std::string, Xapian::doccount> term_frequencies(const Xapian::Database& db,
                                                         const std::vector<std::string>& terms) {
  std::map<std::string, Xapian::doccount> out;
  std::vector<Xapian::Query> asked;
  for (const std::string& term : terms) {
    if (out.try_emplace(term, 0).second && askable(term)) asked.emplace_back(term);
  }
  if (asked.empty()) return out;
  if (db.size() <= 1) {
    for (auto& [term, n] : out) {
      if (askable(term)) n = db.get_termfreq(term);
    }
    return out;
  }
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, asked.begin(), asked.end()));
  const Xapian::MSet stats = enquire.get_mset(0, 0);
  for (auto& [term, n] : out) {
    if (askable(term)) n = stats.get_termfreq(term);
  }
  return out;
}

std::optional<Xapian::Document> document_with(const Xapian::Database& db, const std::string& term) {
  if (!askable(term)) return std::nullopt;
  if (db.size() <= 1) {
    Xapian::PostingIterator it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return std::nullopt;
    return db.get_document(*it);
  }
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(Xapian::Query(term));
  const Xapian::MSet found = enquire.get_mset(0, 1);
  if (found.empty()) return std::nullopt;
  return found.begin().get_document();
}

}  // namespace dateline

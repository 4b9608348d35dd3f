#include "query/language.h"

#include "index/terms.h"
#include "query/request.h"
#include "query/stopwords.h"

namespace dateline {
namespace {

std::string language_prefix(const Schema& schema) {
  const FieldSpec* lang = api_field(schema, "lang");
  return lang != nullptr && lang->filter ? lang->filter->prefix : "";
}

}  // namespace

QueryLanguage query_language(const Schema& schema, const std::string& code) {
  std::string prefix = language_prefix(schema);
  return QueryLanguage{code, stemmer_for(code), stopper_for(code),
                       prefix.empty() ? "" : filter_term(prefix, code)};
}

std::vector<QueryLanguage> index_languages(const Xapian::Database& db, const Schema& schema) {
  constexpr std::size_t kMaxLanguages = 32;  // an index holds a handful; Xapian stems some 30
  std::vector<QueryLanguage> out{query_language(schema, schema.default_language)};
  std::string prefix = language_prefix(schema);
  if (prefix.empty()) return out;
  for (auto it = db.allterms_begin(prefix);
       it != db.allterms_end(prefix) && out.size() < kMaxLanguages; ++it) {
    std::string code = (*it).substr(prefix.size());
    if (code == schema.default_language) continue;
    QueryLanguage other = query_language(schema, code);
    if (!other.stem.is_none()) out.push_back(std::move(other));
  }
  return out;
}

Xapian::Query in_languages(const Xapian::Query& own, const std::vector<QueryLanguage>& languages,
                           const std::function<Xapian::Query(const QueryLanguage&)>& read) {
  if (languages.size() < 2 || own.empty()) return own;
  const std::string description = own.get_description();
  std::vector<Xapian::Query> readings{own};
  for (std::size_t i = 1; i < languages.size(); ++i) {
    const QueryLanguage& language = languages[i];
    if (language.term.empty()) continue;
    Xapian::Query reading = read(language);
    if (reading.empty() || reading.get_description() == description) continue;
    readings.emplace_back(Xapian::Query::OP_FILTER, reading, Xapian::Query(language.term));
  }
  if (readings.size() == 1) return own;
  return Xapian::Query(Xapian::Query::OP_OR, readings.begin(), readings.end());
}

}  // namespace dateline

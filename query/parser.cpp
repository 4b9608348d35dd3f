#include "query/parser.h"

#include "index/terms.h"
#include "query/wildcards.h"

namespace dateline {
namespace {

// "source:The Harbor Ledger" and "source:the-harbor-ledger" give the same term.
class SlugFilter : public Xapian::FieldProcessor {
 public:
  explicit SlugFilter(std::string prefix) : prefix_(std::move(prefix)) {}

  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(filter_term(prefix_, value));
  }

 private:
  std::string prefix_;
};

}  // namespace

void configure_query_parser(Xapian::QueryParser& parser, const Schema& schema,
                            const Xapian::Database& db) {
  parser.set_database(db);
  parser.set_stemmer(stemmer_for(schema.default_language));
  parser.set_stemming_strategy(schema.stem_all ? Xapian::QueryParser::STEM_ALL
                                               : Xapian::QueryParser::STEM_SOME);
  for (const FieldSpec& field : schema.fields) {
    if (field.query_name.empty()) continue;
    if (field.text && !field.text->prefix.empty()) {
      parser.add_prefix(field.query_name, field.text->prefix);
    } else if (field.filter) {
      parser.add_boolean_prefix(field.query_name,
                                (new SlugFilter(field.filter->prefix))->release());
    }
  }
}

std::map<std::string, std::string> text_field_prefixes(const Schema& schema) {
  std::map<std::string, std::string> out;
  for (const FieldSpec& field : schema.fields) {
    if (!field.query_name.empty() && field.text && !field.text->prefix.empty())
      out[field.query_name] = field.text->prefix;
  }
  return out;
}

Xapian::Query parse_with_wildcards(Xapian::QueryParser& parser, const std::string& query,
                                   unsigned flags, const Schema& schema, const Xapian::Database& db,
                                   const Xapian::Stem& stem) {
  if (!schema.stem_all || (flags & Xapian::QueryParser::FLAG_WILDCARD) == 0 ||
      query.find('*') == std::string::npos) {
    return parser.parse_query(query, flags);
  }
  std::string widened = widen_wildcards(query, db, stem, text_field_prefixes(schema));
  if (widened == query) return parser.parse_query(query, flags);
  Xapian::Query parsed;
  try {
    parsed = parser.parse_query(widened, flags);
  } catch (const Xapian::QueryParserError&) {
    return parser.parse_query(query, flags);
  }
  // Read as plain words, the widened query has lost its wildcards.
  if (parsed.get_description().find("WILDCARD") == std::string::npos)
    return parser.parse_query(query, flags);
  return parsed;
}

}  // namespace dateline

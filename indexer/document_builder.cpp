#include "indexer/document_builder.h"

#include "core/text.h"
#include "schema/dates.h"

namespace dateline {
namespace {

// Xapian's glass backend refuses terms longer than 245 bytes.
constexpr std::size_t kMaxTermBytes = 240;

void add_date(Xapian::Document& doc, const DateSpec& spec, std::int64_t when) {
  doc.add_value(spec.slot, Xapian::sortable_serialise(static_cast<double>(when)));
  std::string day = format_yyyymmdd(when);
  if (!spec.day_prefix.empty()) doc.add_boolean_term(spec.day_prefix + day);
  if (!spec.month_prefix.empty()) doc.add_boolean_term(spec.month_prefix + day.substr(0, 6));
  if (!spec.year_prefix.empty()) doc.add_boolean_term(spec.year_prefix + day.substr(0, 4));
}

}  // namespace

std::string filter_term(const std::string& prefix, const std::string& value) {
  std::string term = prefix + slugify(value);
  return std::string(utf8_prefix(term, kMaxTermBytes));
}

Xapian::Stem stemmer_for(const std::string& language) {
  try {
    return Xapian::Stem(language);
  } catch (const Xapian::InvalidArgumentError&) {
    return Xapian::Stem();  // no stemmer for this language: index words as they are
  }
}

DocumentBuilder::DocumentBuilder(const Schema& schema) : schema_(schema) {
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

const Xapian::Stem& DocumentBuilder::stem(const std::string& language) {
  auto it = stems_.find(language);
  if (it == stems_.end()) it = stems_.emplace(language, stemmer_for(language)).first;
  return it->second;
}

Xapian::Document DocumentBuilder::build(const Article& article) {
  Xapian::Document doc;
  generator_.set_document(doc);
  generator_.set_stemmer(stem(article.language));
  const auto gap = static_cast<Xapian::termpos>(schema_.field_position_gap);

  for (const FieldSpec& field : schema_.fields) {
    if (!field.id_prefix.empty()) doc.add_boolean_term(field.id_prefix + article.id);
    if (field.date) {
      const auto& when = field.name == "published_at" ? article.published_at : article.updated_at;
      if (when) add_date(doc, *field.date, *when);
      continue;
    }
    std::vector<std::string> values = field_values(article, field.name);
    if (values.empty()) continue;
    if (field.text) {
      const auto wdf = static_cast<Xapian::termcount>(field.text->weight);
      for (const std::string& value : values) {
        if (field.text->also_unprefixed) {
          generator_.index_text(value, wdf);
          generator_.increase_termpos(gap);
        }
        if (!field.text->prefix.empty()) {
          generator_.index_text(value, 1, field.text->prefix);
          generator_.increase_termpos(gap);
        }
      }
    }
    if (field.filter) {
      for (const std::string& value : values) {
        std::string term = filter_term(field.filter->prefix, value);
        if (term.size() > field.filter->prefix.size()) doc.add_boolean_term(term);
      }
    }
    if (field.value) doc.add_value(field.value->slot, values.front());
  }
  doc.set_data(article_to_json(article).dump());
  return doc;
}

}  // namespace dateline

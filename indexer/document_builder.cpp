#include "indexer/document_builder.h"

#include "core/text.h"
#include "index/order_key.h"
#include "index/story_facets.h"
#include "index/terms.h"
#include "indexer/stem_cache.h"
#include "schema/dates.h"
#include "schema/stored_json.h"

namespace dateline {
namespace {

void add_date(Xapian::Document& doc, const DateSpec& spec, std::int64_t when) {
  doc.add_value(spec.slot, Xapian::sortable_serialise(static_cast<double>(when)));
  std::string day = format_yyyymmdd(when);
  if (spec.day_slot) doc.add_value(*spec.day_slot, day);
  if (spec.month_slot) doc.add_value(*spec.month_slot, day.substr(0, 4) + "-" + day.substr(4, 2));
  if (!spec.day_prefix.empty()) doc.add_boolean_term(spec.day_prefix + day);
  if (!spec.month_prefix.empty()) doc.add_boolean_term(spec.month_prefix + day.substr(0, 6));
  if (!spec.year_prefix.empty()) doc.add_boolean_term(spec.year_prefix + day.substr(0, 4));
}

// Multi-valued fields keep every value, separated, so facet counts can split them again; the
// separator is a control character, which folded values never contain.
std::string slot_value(const ValueSpec& spec, const std::vector<std::string>& values) {
  if (!spec.multi) return values.front();
  std::string joined;
  for (const std::string& value : values) {
    if (!joined.empty()) joined += kMultiValueSeparator;
    for (char c : value) joined += c == kMultiValueSeparator ? ' ' : c;
  }
  return joined;
}

}  // namespace

DocumentBuilder::DocumentBuilder(const Schema& schema) : schema_(schema) {}

bool DocumentBuilder::held_back(const Article& article, std::int64_t now) const {
  return article.embargo_until && *article.embargo_until > now &&
         schema_.find("embargo_until") != nullptr;
}

std::vector<std::string> names_in(const std::string& text) {
  constexpr std::size_t kMinLetters = 4;
  std::vector<std::string> names;
  bool sentence_start = true;  // the next word begins a sentence
  std::string word;
  std::size_t letters = 0;
  bool capital_first = false, lower = false, other = false;
  auto end_word = [&] {
    if (!word.empty() && capital_first && lower && !other && letters >= kMinLetters &&
        !sentence_start) {
      names.push_back(word);
    }
    if (!word.empty()) sentence_start = false;
    word.clear();
    letters = 0;
    capital_first = lower = other = false;
  };
  for (std::size_t offset = 0; offset < text.size();) {
    const unsigned ch = next_char(text, offset);
    // ASCII (most of the text) is classified here; the rest by Xapian, as the term generator is.
    const bool ascii = ch < 0x80;
    if (ascii ? ascii_wordchar(ch) : Xapian::Unicode::is_wordchar(ch)) {
      const bool upper =
          ascii ? (ch >= 'A' && ch <= 'Z')
                : Xapian::Unicode::get_category(ch) == Xapian::Unicode::UPPERCASE_LETTER;
      const bool lower_case =
          ascii ? (ch >= 'a' && ch <= 'z')
                : Xapian::Unicode::get_category(ch) == Xapian::Unicode::LOWERCASE_LETTER;
      if (word.empty()) capital_first = upper;
      lower = lower || lower_case;
      other = other || (!upper && !lower_case);
      ++letters;
      if (ascii) {
        word += static_cast<char>(upper ? ch + ('a' - 'A') : ch);
      } else {
        Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
      }
      continue;
    }
    end_word();
    if (ch == '.' || ch == '!' || ch == '?' || ch == '\n' || ch == ':' || ch == '"' ||
        ch == 0x201C) {
      sentence_start = true;
    }
  }
  end_word();
  return names;
}

void DocumentBuilder::enable_spelling(Xapian::WritableDatabase& db) {
  generator_.set_database(db);
  spelling_ = true;
  spelling_db_ = &db;
}

void DocumentBuilder::add_names(const std::string& body) {
  for (const std::string& name : names_in(body)) {
    if (name.size() > kMaxTermBytes) continue;
    if (spelling_counts_ != nullptr) {
      spelling_counts_->add(name, 1);
    } else if (spelling_db_ != nullptr) {
      spelling_db_->add_spelling(name);
    }
  }
}

void DocumentBuilder::count_spelling(SpellingCounts& counts) {
  spelling_counts_ = &counts;
  speller_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
}

// The unprefixed words FLAG_SPELLING would add, one per occurrence: with a wdf increment of 1 a
// term's wdf is its number of occurrences.
void DocumentBuilder::count_words(const std::string& text) {
  Xapian::Document words;
  speller_.set_document(words);
  speller_.index_text_without_positions(text);
  for (auto it = words.termlist_begin(); it != words.termlist_end(); ++it) {
    spelling_counts_->add(*it, it.get_wdf());
  }
}

void DocumentBuilder::add_title_bigrams(Xapian::Document& doc, const std::string& title) {
  std::vector<std::string> words = split_words(title);
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    std::string term = kTitleBigramPrefix + words[i] + " " + words[i + 1];
    if (term.size() <= kMaxTermBytes) doc.add_boolean_term(term);
  }
}

const Xapian::Stem& DocumentBuilder::stem(const std::string& language) {
  auto it = stems_.find(language);
  if (it == stems_.end()) {
    it = stems_.emplace(language, caching_stemmer(stemmer_for(language))).first;
  }
  return it->second;
}

Xapian::Document DocumentBuilder::build(const Article& article, const StoryInfo* story,
                                        std::int64_t now) {
  Xapian::Document doc;
  generator_.set_document(doc);
  const Xapian::Stem& stemmer = stem(article.language);
  generator_.set_stemmer(stemmer);
  // Without a stemmer STEM_ALL would index nothing: words are indexed as written.
  generator_.set_stemming_strategy(stemmer.is_none()  ? Xapian::TermGenerator::STEM_NONE
                                   : schema_.stem_all ? Xapian::TermGenerator::STEM_ALL
                                                      : Xapian::TermGenerator::STEM_SOME);
  const auto gap = static_cast<Xapian::termpos>(schema_.field_position_gap);
  // Under embargo, the words a reader could see outside search (spelling suggestions, the title
  // pairs of autocomplete) are held back until the article is released (kHeldBackTerm).
  const bool held = held_back(article, now);
  if (held) doc.add_boolean_term(kHeldBackTerm);

  for (const FieldSpec& field : schema_.fields) {
    if (!field.id_prefix.empty()) doc.add_boolean_term(field.id_prefix + article.id);
    if (field.date) {
      if (auto when = date_value(article, field.name)) add_date(doc, *field.date, *when);
      continue;
    }
    std::vector<std::string> values = field_values(article, field.name);
    if (values.empty()) continue;
    if (field.text) {
      const auto wdf = static_cast<Xapian::termcount>(field.text->weight);
      // Spelling data comes from headline-like text, and the names of the body (add_names):
      // all of the body is larger, slower to add, and its rare words make poor corrections.
      bool spell = !held && (field.name == "title" || field.name == "summary");
      generator_.set_flags(spell && spelling_ ? Xapian::TermGenerator::FLAG_SPELLING : 0);
      if (field.name == "title" && !held) add_title_bigrams(doc, values.front());
      if (field.name == "body" && !held && (spelling_ || spelling_counts_ != nullptr)) {
        for (const std::string& value : values) add_names(value);
      }
      for (const std::string& value : values) {
        if (field.text->also_unprefixed) {
          generator_.index_text(value, wdf);
          if (spell && spelling_counts_ != nullptr) count_words(value);
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
    if (field.value) doc.add_value(field.value->slot, slot_value(*field.value, values));
  }
  // Pairs with a common word, for fast phrases (index/common_grams.h). The list follows the index,
  // and the writer may learn it after this builder was made (adopt_schema).
  if (grams_words_ != schema_.common_words || grams_not_with_ != schema_.common_not_with) {
    grams_words_ = schema_.common_words;
    grams_not_with_ = schema_.common_not_with;
    grams_ = CommonGrams(grams_words_, grams_not_with_);
  }
  grams_.add_pairs(doc);
  if (story != nullptr && schema_.story) {
    const StorySpec& spec = *schema_.story;
    doc.add_value(spec.cluster_slot, story->cluster_id);
    if (story->joined && spec.collapse_slot) doc.add_value(*spec.collapse_slot, story->cluster_id);
    std::string cluster_term = spec.cluster_prefix + story->cluster_id;
    if (cluster_term.size() <= kMaxTermBytes) doc.add_boolean_term(cluster_term);
    // No band terms: one unique term per band per document was the dearest part of a write;
    // index jobs keep the bands in memory (indexer/story_index.h).
    if (story->signature.usable) {
      doc.add_value(spec.signature_slot, encode_signature(story->signature));
    }
  }
  if (schema_.order_slot) {
    doc.add_value(*schema_.order_slot, order_key(date_value(article, "published_at"), article.id));
  }
  set_story_facets(schema_, doc);
  doc.set_data(stored_json(article));
  return doc;
}

}  // namespace dateline

// Turns a canonical Article into a Xapian::Document, as the schema says.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/spelling_counts.h"
#include "indexer/story_clusterer.h"
#include "schema/article.h"
#include "schema/schema.h"

namespace dateline {

// Metadata keys and stored layout shared by the writer and the search service. Baked into
// on-disk indexes: never rename.
inline constexpr const char* kSchemaMetadataKey = "dateline:schema";
inline constexpr const char* kLastCommitMetadataKey = "dateline:last_commit";
// Boolean terms "XB" + "word word" for consecutive title words, for multi-word autocomplete.
inline constexpr const char* kTitleBigramPrefix = "XB";

// The lower-cased words of `text`, as Xapian's term generator splits them.
std::vector<std::string> split_words(const std::string& text);

// Returns the boolean term for a keyword value: prefix + slugify(value), cut to Xapian's term
// length limit at a character boundary.
std::string filter_term(const std::string& prefix, const std::string& value);

// Returns the Xapian stemmer for an ISO 639-1 code, or the no-op stemmer for a language Xapian
// does not stem.
Xapian::Stem stemmer_for(const std::string& language);

// Builds documents: the unique id term, free text with positions (stemmed with the article's
// language, a position gap between fields), boolean filter terms, value slots, date terms, and
// the stored article JSON as document data. Not thread-safe: use one builder per thread.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(const Schema& schema);

  // `story`, when given, adds the story cluster's terms and slots (schema.story must be set).
  Xapian::Document build(const Article& article, const StoryInfo* story = nullptr);

  // Also record title and summary words in `db`'s spelling table (for did-you-mean). `db` must
  // outlive the builder.
  void enable_spelling(Xapian::WritableDatabase& db);

  // Instead, count those same words (each occurrence, as FLAG_SPELLING would add it) into
  // `counts`, for the caller to write when it chooses. `counts` must outlive the builder.
  void count_spelling(SpellingCounts& counts);

 private:
  void add_title_bigrams(Xapian::Document& doc, const std::string& title);
  void count_words(const std::string& text);

  const Xapian::Stem& stem(const std::string& language);

  const Schema& schema_;
  Xapian::TermGenerator generator_;
  std::map<std::string, Xapian::Stem> stems_;
  bool spelling_ = false;
  SpellingCounts* spelling_counts_ = nullptr;
  Xapian::TermGenerator speller_;  // unstemmed words only, for spelling_counts_
};

}  // namespace dateline

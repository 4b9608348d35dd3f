// Turns a canonical Article into a Xapian::Document, as the schema says.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/clock.h"
#include "index/common_grams.h"
#include "index/format.h"
#include "index/terms.h"
#include "indexer/spelling_counts.h"
#include "indexer/story_clusterer.h"
#include "schema/article.h"
#include "schema/schema.h"

namespace dateline {

// Builds documents: the unique id term, free text with positions (stemmed with the article's
// language, a position gap between fields) and the pairs of its common words
// (index/common_grams.h), boolean filter terms, value slots, date terms, and
// the stored article JSON as document data. Not thread-safe: use one builder per thread.
// The names of a text for the spelling table: words of four letters or more that start with a
// capital inside a sentence and have a lower-case letter ("Gorbachev", "McDonnell"; not
// "OPEC", a sentence's first word, or words with digits), lower-cased, one per occurrence.
std::vector<std::string> names_in(const std::string& text);

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const Schema& schema);

  // `story`, when given, adds the story cluster's terms and slots (schema.story must be set).
  // An article still under embargo at `now` is built with its spelling words and title pairs
  // held back and kHeldBackTerm added (index/format.h); indexer/embargo_release.h adds them
  // later.
  Xapian::Document build(const Article& article, const StoryInfo* story = nullptr,
                         std::int64_t now = unix_now());

  // Whether build() holds `article`'s words back at `now`: its embargo has not lifted, and the
  // schema indexes embargo_until.
  bool held_back(const Article& article, std::int64_t now) const;

  // Also record title and summary words in `db`'s spelling table (for did-you-mean), and the
  // names of the body (see names_in): readers misspell names they heard once. `db` must outlive
  // the builder.
  void enable_spelling(Xapian::WritableDatabase& db);

  // Instead, count those same words (each occurrence, as FLAG_SPELLING would add it) into
  // `counts`, for the caller to write when it chooses. `counts` must outlive the builder.
  void count_spelling(SpellingCounts& counts);

 private:
  void add_title_bigrams(Xapian::Document& doc, const std::string& title);
  void count_words(const std::string& text);
  void add_names(const std::string& body);

  const Xapian::Stem& stem(const std::string& language);

  const Schema& schema_;
  Xapian::TermGenerator generator_;
  std::map<std::string, Xapian::Stem> stems_;
  bool spelling_ = false;
  Xapian::WritableDatabase* spelling_db_ = nullptr;  // enable_spelling's
  SpellingCounts* spelling_counts_ = nullptr;
  Xapian::TermGenerator speller_;         // unstemmed words only, for spelling_counts_
  std::vector<std::string> grams_words_;  // the schema's lists grams_ was made from
  std::vector<std::string> grams_not_with_;
  CommonGrams grams_;
};

}  // namespace dateline

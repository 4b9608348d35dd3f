// The query reader: turns a search request into the Xapian queries that run it — the match query
// (the text, each filter, the dates) and, once hits are found, the readings whose words the
// highlighter marks. It keeps no QueryParser between reads: each reading sets up a parser of its
// own from the schema (query/parser.h), so no request changes the settings another reads with.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/common_grams.h"
#include "index/view_cache.h"
#include "query/language.h"
#include "query/query_case.h"
#include "query/request.h"
#include "query/synonyms.h"
#include "query/visibility.h"
#include "schema/schema.h"

namespace dateline {

struct QueryLimits {
  int short_query_words = kShortQueryWords;  // up to this many words: every word is required
  unsigned max_wildcard_expansion = 100;     // a wild* term expands to its N most frequent terms
  // All wildcards of one query together expand to at most this many terms: with more wildcards
  // than max_wildcard_terms / max_wildcard_expansion, each gets an equal share (at least 1).
  unsigned max_wildcard_terms = 400;
  // The phrase boost (TextQuery::phrase) is added only when the phrase's rarest word is in at
  // most this many articles: its positions are checked in every article that has all its words,
  // which for common words ("said the company") costs more than the rest of the search.
  Xapian::doccount max_phrase_boost_postings = 1000;
};

// One text read into a query, and how, so that it can be read again for highlighting.
struct TextQuery {
  std::string source;  // the text parsed
  Xapian::Query::op op = Xapian::Query::OP_AND;
  const Xapian::Stopper* stopper = nullptr;  // whose words were left out; nullptr: none
  Xapian::Query query;                       // empty: browse everything, or nothing searchable
  // Plain words (no syntax) of two or more, one of them in few articles (see QueryLimits): the
  // same words as one phrase, read in the query language only, a weight-only boost for the
  // articles that have them in that order (a remembered headline, a line of the body). Empty
  // otherwise.
  Xapian::Query phrase;
};

// A request as read, before anything is matched: the text query and each filter, kept apart so
// disjunctive facets can leave one filter out, and how the text was read.
struct QueryPlan {
  Xapian::Stem stem;  // the query's stemmer: a single lang filter's, else the schema's language's
  const Xapian::Stopper* function_words = nullptr;  // the query language's stop words, or nullptr
  // The languages the text is read in, the query language (`stem`) first. A single lang filter:
  // that language alone. Otherwise also every other language the index holds, each reading
  // matching only its own language's articles (see QueryReader::read_text).
  std::vector<QueryLanguage> languages;
  int words = 0;                     // words typed, not counting operators
  unsigned wildcard_expansion = 0;   // terms each wildcard may expand to
  bool wildcards_truncated = false;  // the wildcard budget cut wildcard_expansion
  std::string text;                  // q with synonyms expanded
  Matching matching = Matching::kAll;
  // The results are ordered by score first (not by a date, not a browse): a collapsed story is
  // then shown by its best-scoring article (server/story_members.h).
  bool ranked = true;
  // Set after the match: it saw every candidate (fewer matched than it checks at least), so on
  // one database Xapian's collapse counts are exact.
  bool all_checked = false;
  std::string corrected;         // a spelling correction of q (query/spelling.h); "" = none
  unsigned corrected_edits = 0;  // the most edits one of its words needed (1 or 2)
  TextQuery main;
  std::map<std::string, Xapian::Query> filters;  // by API name; "date" for from/to
  // The articles a reader may not see at `hidden_at` (query/visibility.h); empty: none, or the
  // request may see them all (hidden_at is then nullopt).
  Xapian::Query hidden;
  std::optional<std::int64_t> hidden_at;
  // A weight-only recency boost (the service's); empty when off.
  Xapian::Query recency;
  double recency_scale = 0;
  std::map<std::string, double> recency_by_day;  // "YYYYMMDD" -> unscaled boost
  // The index's common grams (index/common_grams.h), which combined() matches phrases on; the
  // reader's, or nullptr: phrases as parsed.
  const CommonGrams* grams = nullptr;

  // The text query filtered by every filter but `without`, without the hidden articles, with
  // the recency boost; its phrases matched on common grams (`grams`).
  Xapian::Query combined(const std::string& without = "") const;
};

// The readings of a query whose words are marked in titles and snippets (see highlight_queries).
struct HighlightQueries {
  std::vector<Xapian::Query> strict;
  std::vector<Xapian::Query> loose;  // strict plus the phrases' words one by one; empty: none
  // The readings above in the query language (plan.stem) alone: the hits of that language are
  // marked by them, so snippet_stemmer (server/highlighter.h) needs no other.
  std::vector<Xapian::Query> own;
};

class QueryReader {
 public:
  // `schema` and `db` must outlive the reader; it reads `db`'s current view. Not thread-safe
  // (Xapian handles are not): one reader per thread, like its database.
  QueryReader(const Schema& schema, const Xapian::Database& db, const QueryLimits& limits);

  // The view of the database the next reads see (ShardSet::generation()): facts of the index
  // that cost a round trip to each remote shard (the languages it holds) are read once per
  // view. Never set: read each time.
  void set_view(const std::string& view) { view_ = view; }

  // Reads `request`: the language to stem with, the wildcard budget, synonyms from `synonyms`,
  // every word required (up to short_query_words) or any word without function words, a
  // spelling correction of words the index has never seen, the filters and the date range.
  QueryPlan read(const SearchRequest& request, const SynonymTable& synonyms) const;

  // `text` read as `plan` reads (its stemmer and wildcard budget) with `op` between words and
  // `stopper`'s words left out. Text that is not valid query syntax is read as plain words.
  // With more than one of plan.languages, the text is read once per language, with its stemmer
  // (and its function words where `stopper` is given), as in_languages (query/language.h) says:
  // an article of the query language matches and weighs exactly as before, another language's
  // articles by their own language's reading too.
  TextQuery read_text(const QueryPlan& plan, const std::string& text, Xapian::Query::op op,
                      const Xapian::Stopper* stopper) const;

  // Xapian's MSet::snippet marks a word when the query has it as written, as a "Z"-prefixed
  // stem, or inside a phrase as written; an index with "stemming": "all" searches bare stems,
  // which it would not mark. So the query is read again as "some" reads it, as typed and
  // lower-cased ("Rationed" marks "rationing"), the lower-cased reading without field names (the
  // snippet generator ignores prefixed terms, so `title:strike` marks "strike"): `strict`. When
  // the query has a phrase, `loose` adds the phrase's content words one by one, for hits that
  // matched the phrase in another form ("holding interest rates" marks "holds interest rate").
  // Both empty when the index is not of stems or the plan has no text: the match query itself
  // marks then. Every reading "as typed" is made in each of plan.languages, so that a hit can be
  // marked with its own language's stemmer.
  HighlightQueries highlight_queries(const QueryPlan& plan) const;

 private:
  Xapian::Query parse(const std::string& text, const Xapian::Stem& stem, unsigned expansion,
                      Xapian::Query::op op, const Xapian::Stopper* stopper,
                      Xapian::QueryParser::stem_strategy strategy) const;
  std::vector<QueryLanguage> languages(const SearchRequest& request) const;
  std::string view_;                                               // set_view()
  mutable ViewCache<std::vector<QueryLanguage>> index_languages_;  // of view_
  Xapian::Query read_languages(const QueryPlan& plan, const std::string& text, Xapian::Query::op op,
                               const Xapian::Stopper* stopper) const;
  Xapian::Query filter_query(const std::string& api_name,
                             const std::vector<std::string>& values) const;
  Xapian::Query date_query(const SearchRequest& request) const;

  const Schema& schema_;
  const Xapian::Database& db_;
  QueryLimits limits_;
  Xapian::QueryParser::stem_strategy strategy_;
  CommonGrams grams_;  // the index's (schema.common_words)
  Xapian::valueno published_slot_ = Xapian::BAD_VALUENO;
  Xapian::valueno day_slot_ = Xapian::BAD_VALUENO;
  std::set<std::string> text_fields_;  // query names of text fields: title, author
};

}  // namespace dateline

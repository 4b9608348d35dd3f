// The index schema: how each canonical article field is indexed.
//
// The schema is data (schema/news.json). It is validated once when loaded, written into the
// index's metadata when the index is created, and read back from there by the server, so a
// server always searches with the schema its index was built with. Prefixes, value slots and
// weights are baked into on-disk indexes: changing them needs a reindex into a new database.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace dateline {

// Free-text indexing of a field: words go through the article language's stemmer, with
// positions so phrase queries work.
struct TextSpec {
  int weight = 1;               // within-document frequency added per occurrence (1..100)
  std::string prefix;           // term prefix for field-restricted queries; "" for none
  bool also_unprefixed = true;  // also index the words unprefixed, for plain queries
};

// Exact-match boolean terms: prefix + slugify(value), one per value, for filters.
struct FilterSpec {
  std::string prefix;
};

// A value slot holding the field's display value, for facets. A single-valued field stores its
// value; a multi-valued one (tags, authors) stores all its values joined by kMultiValueSeparator,
// and facet counting splits them again.
struct ValueSpec {
  unsigned slot = 0;
  bool multi = false;
};

inline constexpr char kMultiValueSeparator = '\x1f';

// A timestamp: the slot holds Xapian::sortable_serialise(unix seconds) for sorting and ranges;
// optional slots hold the UTC day as "YYYYMMDD" (date ranges in the query box, recency) and the
// month as "YYYY-MM" (the month facet); optional boolean terms for the UTC day (YYYYMMDD),
// month (YYYYMM) and year (YYYY).
struct DateSpec {
  unsigned slot = 0;
  std::optional<unsigned> day_slot;
  std::optional<unsigned> month_slot;
  std::string day_prefix;
  std::string month_prefix;
  std::string year_prefix;
};

struct FieldSpec {
  std::string name;       // a canonical article field (see schema/article.h)
  std::string id_prefix;  // set only on "id": the unique term used for upserts
  std::optional<TextSpec> text;
  std::optional<FilterSpec> filter;
  std::optional<ValueSpec> value;
  std::optional<DateSpec> date;
  std::string query_name;  // name usable in the query box ("author:smith"); "" = none
};

// Story clustering: articles whose texts are near-duplicates (the same wire story republished)
// share a cluster id, so search can collapse them. See indexer/story_clusterer.h.
struct StorySpec {
  unsigned cluster_slot = 9;     // the cluster id (the first article's id)
  unsigned signature_slot = 10;  // the MinHash signature, for comparing candidates
  // The cluster id again, only on articles whose story has two or more: what search collapses
  // on. Xapian reads the collapse value of every candidate it ranks, and most stories have one
  // article, so a sparse slot makes collapsing cheap. Absent in indexes written before
  // 2026-11-28: search then collapses on cluster_slot.
  std::optional<unsigned> collapse_slot;
  std::string band_prefix = "XH";     // reserved: band terms of indexes before 2026-11-27
  std::string cluster_prefix = "XC";  // "XC" + cluster id, for listing a cluster's articles
  double min_similarity = 0.45;       // estimated Jaccard similarity of word 3-gram sets
  unsigned window_hours = 168;        // candidates must be published this close in time
};

struct Schema {
  std::string name;
  int version = 1;
  std::string default_language = "en";
  unsigned field_position_gap = 100;  // term positions skipped between fields
  // "all": every word is indexed as its stem only, with positions, so phrases match stems too
  // (Xapian's STEM_ALL). "some": each word as written, with positions, plus its stem with a "Z"
  // prefix (STEM_SOME: twice the terms; a capitalised query word matches only as written).
  // Indexes whose stored schema has no "stemming" were built with "some".
  bool stem_all = false;
  std::vector<FieldSpec> fields;
  std::optional<StorySpec> story;
  // "common_grams": {"words": [...], "not_with": [...]}: terms (stems under "all") whose
  // neighbours are also indexed as pairs, except neighbours in not_with (function words), for
  // fast phrases (index/common_grams.h). Follows the index: an index keeps the lists it was
  // created with, and one created without has none.
  std::vector<std::string> common_words;
  std::vector<std::string> common_not_with;
  // "derived_slots" (schema version 3): values computed from an article's other values, for
  // search. Absent in indexes built before: those keep ordering and counting as they did.
  // The order of equal scores (index/order_key.h): published_at newest first, then the id.
  std::optional<unsigned> order_slot;
  // Each article's facet values with its story's collapse value (index/story_facets.h), so that
  // facets count stories as collapsed results do. Needs "story".
  std::optional<unsigned> story_facets_slot;

  // The field called `name`, or nullptr.
  const FieldSpec* find(std::string_view field_name) const;

  // The "id" field's unique-term prefix ("Q" in news.json).
  const std::string& id_prefix() const;
};

// Builds a schema from its JSON form and validates it: known field names only, an "id" field
// with an id_prefix and a "title" field with text, prefixes of upper-case ASCII letters that do
// not collide, distinct value slots, weights 1..100, distinct query names.
// Throws Error(kInvalidArgument) naming the first problem ("schema: field 'x': ...").
Schema schema_from_json(const nlohmann::json& json);

// Reads and validates a schema file. Throws Error(kInvalidArgument) or Error(kNotFound).
Schema load_schema_file(const std::string& path);

// The canonical JSON form of a schema (what is stored in the index's metadata).
nlohmann::json schema_to_json(const Schema& schema);

// Returns "" when an index built with `stored` can be written with `wanted`, or a sentence
// naming the first difference that makes them incompatible.
std::string schema_incompatibility(const Schema& stored, const Schema& wanted);

}  // namespace dateline

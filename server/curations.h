// Editor's picks: curation rules that pin given articles at given ranks of a query's results and
// hide others, optionally only in a date window (docs/NEWSROOM.md, "Editor's picks"). Plain data
// and JSON here, no Xapian and no HTTP: the rules are stored as JSON text in the index's metadata
// (kCurationsMetadataKey, index/format.h), applied by the search service and edited through the
// router.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace dateline {

// Bounds on what a rule may hold: the rules travel with every search's read of the index, so
// they are kept small.
inline constexpr std::size_t kMaxCurationRules = 1000;
inline constexpr std::size_t kMaxCurationPins = 20;      // pins per rule
inline constexpr std::size_t kMaxCurationHides = 100;    // hidden ids per rule
inline constexpr std::size_t kMaxCurationIdBytes = 200;  // rule ids and article ids
inline constexpr std::size_t kMaxCurationQueryBytes = 200;
inline constexpr std::size_t kMaxCurationNoteBytes = 1000;
inline constexpr int kMaxCurationPosition = 100;  // pins go at ranks 1..100
// A rule set's JSON text (a PUT body, the --curations file, the stored metadata) at most.
inline constexpr std::size_t kMaxCurationsBytes = 4 * 1024 * 1024;

struct CurationPin {
  std::string id;    // the article's id
  int position = 1;  // its global rank, 1-based: 12 is the second hit of page 2 of 10
};

struct CurationRule {
  std::string id;     // the rule's own id (letters, digits, '-', '_', '.')
  std::string query;  // as the editor wrote it
  bool any_order = false;
  std::vector<CurationPin> pins;  // by position, positions distinct
  std::vector<std::string> hide;
  std::optional<std::int64_t> from;   // active from this instant (unix seconds), inclusive
  std::optional<std::int64_t> until;  // active until this instant, exclusive
  std::string note;
  std::string key;  // normalise_curation_query(query, any_order)
};

// A query as rules are matched on it: lower-cased, accents folded ("É" -> "e", "ß" -> "ss"),
// every run of characters that are not letters or digits one space, trimmed; with `any_order`
// the words sorted, so "results election" and "election results" are one key.
std::string normalise_curation_query(std::string_view q, bool any_order);

// Reads one rule from JSON (the shape of docs/API.md, "Editor's picks"). `id` names the rule
// when the object has no "id" (a PUT to /v1/curations/{id}); when both are given they must
// agree. Throws Error(kInvalidArgument) with a message naming the field: "pin[2].position must
// be an integer 1..100".
CurationRule parse_curation_rule(const nlohmann::json& object, const std::string& id = "");

// Reads a rule set: {"rules": [rule, ...]} or a bare array of rules. Rule ids must be unique.
// Throws Error(kInvalidArgument) naming the rule and field ("rules[3] (id 'x'): query must ...");
// JSON text that is not valid, too deep or too large is rejected the same way.
std::vector<CurationRule> parse_curation_rules(std::string_view text);

// A rule in the shape parse_curation_rule reads (dates as RFC 3339 UTC).
nlohmann::ordered_json curation_rule_to_json(const CurationRule& rule);

// {"rules": [...]}, rules sorted by id: the stored form and the GET /v1/curations body.
nlohmann::ordered_json curation_rules_to_json(const std::vector<CurationRule>& rules);

// The rule for the search text `q` at `now`, or nullptr. A rule applies when its window holds
// `now` and its key equals q's key (read in order, or with words sorted for an any_order rule).
// When several apply: one read in order before one of any order, then the one whose window
// starts latest (an election-night rule beats a standing one), then the smallest id.
const CurationRule* find_curation(const std::vector<CurationRule>& rules, std::string_view q,
                                  std::int64_t now);

}  // namespace dateline

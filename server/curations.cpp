#include "server/curations.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <sstream>
#include <tuple>

#include <xapian.h>

#include "core/error.h"
#include "core/json_depth.h"
#include "core/text.h"
#include "schema/dates.h"

namespace dateline {
namespace {

using json = nlohmann::json;
using namespace std::string_view_literals;

// Latin letters with accents folded to their base letter, by code point from U+00C0; '\0' keeps
// the character. Enough for the newsroom's languages; other scripts are compared as they are.
constexpr std::string_view kFoldC0 =
    "aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0\0aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0y"sv;
constexpr std::string_view kFold100 =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooo\0\0rrrrrrs"
    "sssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"sv;
static_assert(kFoldC0.size() == 64 && kFold100.size() == 128);

void append_folded(std::string& out, unsigned ch) {
  if (ch == 0xDF) {
    out += "ss";
  } else if (ch == 0xE6 || ch == 0xC6) {
    out += "ae";
  } else if (ch == 0x152 || ch == 0x153) {
    out += "oe";
  } else if (ch >= 0xC0 && ch < 0xC0 + kFoldC0.size() && kFoldC0[ch - 0xC0] != '\0') {
    out += kFoldC0[ch - 0xC0];
  } else if (ch >= 0x100 && ch < 0x100 + kFold100.size() && kFold100[ch - 0x100] != '\0') {
    out += kFold100[ch - 0x100];
  } else {
    Xapian::Unicode::append_utf8(out, ch);
  }
}

Error invalid(const std::string& message) { return Error(ErrorKind::kInvalidArgument, message); }

bool valid_rule_id(const std::string& id) {
  if (id.empty() || id.size() > kMaxCurationIdBytes) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

// An article id: what the index takes (non-empty, valid UTF-8, no control characters).
std::string article_id(const json& value, const std::string& field) {
  if (!value.is_string()) throw invalid(field + " must be a string");
  std::string id = value.get<std::string>();
  if (id.empty() || id.size() > kMaxCurationIdBytes || !is_valid_utf8(id) ||
      std::any_of(id.begin(), id.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 32; })) {
    throw invalid(field + " must be an article id of 1.." + std::to_string(kMaxCurationIdBytes) +
                  " bytes of UTF-8 text");
  }
  return id;
}

std::string text_field(const json& object, const char* name, std::size_t max_bytes, bool required) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) {
    if (required) throw invalid(std::string(name) + " is required");
    return "";
  }
  if (!it->is_string()) throw invalid(std::string(name) + " must be a string");
  std::string text = it->get<std::string>();
  if (text.size() > max_bytes || !is_valid_utf8(text)) {
    throw invalid(std::string(name) + " must be UTF-8 text of at most " +
                  std::to_string(max_bytes) + " bytes");
  }
  return text;
}

std::optional<std::int64_t> date_field(const json& object, const char* name) {
  std::string text = text_field(object, name, 64, false);
  if (text.empty()) return std::nullopt;
  std::optional<std::int64_t> at = parse_timestamp(text);
  if (!at)
    throw invalid(std::string(name) + " must be an RFC 3339 date, e.g. 2026-11-03T20:00:00Z");
  return at;
}

std::vector<CurationPin> pins_field(const json& object) {
  std::vector<CurationPin> pins;
  auto it = object.find("pin");
  if (it == object.end() || it->is_null()) return pins;
  if (!it->is_array() || it->size() > kMaxCurationPins) {
    throw invalid("pin must be an array of at most " + std::to_string(kMaxCurationPins) +
                  " {\"id\", \"position\"} objects");
  }
  std::set<int> positions;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    std::string field = "pin[" + std::to_string(i) + "]";
    if (!item.is_object()) throw invalid(field + " must be an object {\"id\", \"position\"}");
    for (const auto& [key, value] : item.items()) {
      if (key != "id" && key != "position") throw invalid(field + ": unknown field '" + key + "'");
    }
    CurationPin pin;
    pin.id = article_id(item.contains("id") ? item["id"] : json(), field + ".id");
    const json* position = item.contains("position") ? &item["position"] : nullptr;
    if (position == nullptr || !position->is_number_integer() ||
        position->get<std::int64_t>() < 1 || position->get<std::int64_t>() > kMaxCurationPosition) {
      throw invalid(field + ".position must be an integer 1.." +
                    std::to_string(kMaxCurationPosition));
    }
    pin.position = position->get<int>();
    if (!positions.insert(pin.position).second) {
      throw invalid(field + ".position " + std::to_string(pin.position) + " is pinned twice");
    }
    if (!ids.insert(pin.id).second) throw invalid(field + ".id '" + pin.id + "' is pinned twice");
    pins.push_back(std::move(pin));
  }
  std::sort(pins.begin(), pins.end(),
            [](const CurationPin& a, const CurationPin& b) { return a.position < b.position; });
  return pins;
}

std::vector<std::string> hide_field(const json& object) {
  std::vector<std::string> hide;
  auto it = object.find("hide");
  if (it == object.end() || it->is_null()) return hide;
  if (!it->is_array() || it->size() > kMaxCurationHides) {
    throw invalid("hide must be an array of at most " + std::to_string(kMaxCurationHides) +
                  " article ids");
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    hide.push_back(article_id((*it)[i], "hide[" + std::to_string(i) + "]"));
  }
  std::sort(hide.begin(), hide.end());
  hide.erase(std::unique(hide.begin(), hide.end()), hide.end());
  return hide;
}

}  // namespace

std::string normalise_curation_query(std::string_view q, bool any_order) {
  std::string folded;
  std::string lower = to_lower(q);
  for (Xapian::Utf8Iterator it(lower.data(), lower.size()); it != Xapian::Utf8Iterator(); ++it) {
    unsigned ch = *it;
    if (Xapian::Unicode::is_wordchar(ch) && ch != '_') {
      append_folded(folded, ch);
    } else {
      folded += ' ';
    }
  }
  std::istringstream words(folded);
  std::vector<std::string> list;
  for (std::string word; words >> word;) list.push_back(std::move(word));
  if (any_order) std::sort(list.begin(), list.end());
  std::string key;
  for (const std::string& word : list) {
    if (!key.empty()) key += ' ';
    key += word;
  }
  return key;
}

CurationRule parse_curation_rule(const json& object, const std::string& id) {
  if (!object.is_object()) throw invalid("a rule must be a JSON object");
  static const std::set<std::string> kFields = {"id",   "query", "any_order", "pin",
                                                "hide", "from",  "until",     "note"};
  for (const auto& [key, value] : object.items()) {
    if (!kFields.contains(key)) throw invalid("unknown field '" + key + "'");
  }
  CurationRule rule;
  rule.id = text_field(object, "id", kMaxCurationIdBytes, id.empty());
  if (rule.id.empty()) rule.id = id;
  if (!id.empty() && rule.id != id) {
    throw invalid("id '" + rule.id + "' differs from the rule id in the path '" + id + "'");
  }
  if (!valid_rule_id(rule.id)) {
    throw invalid("id must be 1.." + std::to_string(kMaxCurationIdBytes) +
                  " letters, digits, '-', '_' or '.'");
  }
  rule.query = text_field(object, "query", kMaxCurationQueryBytes, true);
  if (auto it = object.find("any_order"); it != object.end() && !it->is_null()) {
    if (!it->is_boolean()) throw invalid("any_order must be true or false");
    rule.any_order = it->get<bool>();
  }
  rule.key = normalise_curation_query(rule.query, rule.any_order);
  if (rule.key.empty()) throw invalid("query must have at least one word");
  rule.pins = pins_field(object);
  rule.hide = hide_field(object);
  if (rule.pins.empty() && rule.hide.empty()) throw invalid("a rule must pin or hide something");
  for (const CurationPin& pin : rule.pins) {
    if (std::binary_search(rule.hide.begin(), rule.hide.end(), pin.id)) {
      throw invalid("hide: '" + pin.id + "' is also pinned");
    }
  }
  rule.from = date_field(object, "from");
  rule.until = date_field(object, "until");
  if (rule.from && rule.until && *rule.until <= *rule.from) {
    throw invalid("until must be after from");
  }
  rule.note = text_field(object, "note", kMaxCurationNoteBytes, false);
  return rule;
}

std::vector<CurationRule> parse_curation_rules(std::string_view text) {
  if (text.size() > kMaxCurationsBytes) {
    throw invalid("curation rules must be at most " + std::to_string(kMaxCurationsBytes) +
                  " bytes of JSON");
  }
  if (!json_depth_within(text, kDefaultMaxJsonDepth)) {
    throw invalid("curation rules: " + json_depth_reason(kDefaultMaxJsonDepth));
  }
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) throw invalid("curation rules are not valid JSON");
  const json* list = &parsed;
  if (parsed.is_object()) {
    if (parsed.size() != 1 || !parsed.contains("rules")) {
      throw invalid("curation rules must be {\"rules\": [...]} or an array of rules");
    }
    list = &parsed["rules"];
  }
  if (!list->is_array()) throw invalid("rules must be an array of rules");
  if (list->size() > kMaxCurationRules) {
    throw invalid("at most " + std::to_string(kMaxCurationRules) + " curation rules");
  }
  std::vector<CurationRule> rules;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    std::string where = "rules[" + std::to_string(i) + "]";
    if (item.is_object() && item.contains("id") && item["id"].is_string()) {
      where += " (id '" + std::string(utf8_prefix(item["id"].get<std::string>(), 64)) + "')";
    }
    try {
      rules.push_back(parse_curation_rule(item));
    } catch (const Error& e) {
      throw invalid(where + ": " + e.what());
    }
    if (!ids.insert(rules.back().id).second) throw invalid(where + ": the rule id is used twice");
  }
  std::sort(rules.begin(), rules.end(),
            [](const CurationRule& a, const CurationRule& b) { return a.id < b.id; });
  return rules;
}

nlohmann::ordered_json curation_rule_to_json(const CurationRule& rule) {
  nlohmann::ordered_json j = {
      {"id", rule.id}, {"query", rule.query}, {"any_order", rule.any_order}};
  nlohmann::ordered_json pins = nlohmann::ordered_json::array();
  for (const CurationPin& pin : rule.pins) {
    pins.push_back({{"id", pin.id}, {"position", pin.position}});
  }
  j["pin"] = std::move(pins);
  j["hide"] = rule.hide;
  if (rule.from) j["from"] = format_rfc3339(*rule.from);
  if (rule.until) j["until"] = format_rfc3339(*rule.until);
  if (!rule.note.empty()) j["note"] = rule.note;
  return j;
}

nlohmann::ordered_json curation_rules_to_json(const std::vector<CurationRule>& rules) {
  std::vector<const CurationRule*> sorted;
  for (const CurationRule& rule : rules) sorted.push_back(&rule);
  std::sort(sorted.begin(), sorted.end(),
            [](const CurationRule* a, const CurationRule* b) { return a->id < b->id; });
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const CurationRule* rule : sorted) list.push_back(curation_rule_to_json(*rule));
  return {{"rules", std::move(list)}};
}

const CurationRule* find_curation(const std::vector<CurationRule>& rules, std::string_view q,
                                  std::int64_t now) {
  if (rules.empty()) return nullptr;
  std::string in_order = normalise_curation_query(q, false);
  if (in_order.empty()) return nullptr;
  std::string sorted = normalise_curation_query(q, true);
  const CurationRule* best = nullptr;
  auto rank = [](const CurationRule& r) {
    return std::make_tuple(r.any_order, -r.from.value_or(INT64_MIN + 1), std::string_view(r.id));
  };
  for (const CurationRule& rule : rules) {
    if (rule.key != (rule.any_order ? sorted : in_order)) continue;
    if ((rule.from && now < *rule.from) || (rule.until && now >= *rule.until)) continue;
    if (best == nullptr || rank(rule) < rank(*best)) best = &rule;
  }
  return best;
}

}  // namespace dateline

#include "schema/schema.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "core/error.h"
#include "schema/article.h"

namespace dateline {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw Error(ErrorKind::kInvalidArgument, "schema: " + where + ": " + what);
}

void check_keys(const json& object, const std::string& where,
                std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) fail(where, "must be an object");
  for (const auto& [key, unused] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail(where, "unknown key '" + key + "'");
    }
  }
}

std::string get_string(const json& object, const char* key, const std::string& where,
                       const std::string& fallback = "") {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_string()) fail(where, std::string("'") + key + "' must be a string");
  return it->get<std::string>();
}

long get_int(const json& object, const char* key, const std::string& where, long lo, long hi,
             long fallback) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_number_integer()) fail(where, std::string("'") + key + "' must be an integer");
  long value = it->get<long>();
  if (value < lo || value > hi) {
    fail(where,
         std::string("'") + key + "' must be " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return value;
}

bool get_bool(const json& object, const char* key, const std::string& where, bool fallback) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_boolean()) fail(where, std::string("'") + key + "' must be true or false");
  return it->get<bool>();
}

// Xapian convention: a prefix is upper-case ASCII letters; a multi-letter one starts with 'X'.
void check_prefix(const std::string& prefix, const std::string& where, bool allow_empty) {
  if (prefix.empty()) {
    if (allow_empty) return;
    fail(where, "prefix must not be empty");
  }
  for (char c : prefix) {
    if (c < 'A' || c > 'Z') fail(where, "prefix '" + prefix + "' must be upper-case A-Z letters");
  }
  if (prefix.size() > 1 && prefix[0] != 'X') {
    fail(where, "multi-letter prefix '" + prefix + "' must start with 'X'");
  }
  if (prefix == "Z") fail(where, "prefix 'Z' is reserved for stemmed terms");
}

FieldSpec field_from_json(const json& j, std::size_t index) {
  std::string where = "field #" + std::to_string(index);
  check_keys(j, where, {"name", "id_prefix", "text", "filter", "value", "date", "query_name"});
  FieldSpec f;
  f.name = get_string(j, "name", where);
  if (f.name.empty()) fail(where, "'name' is required");
  where = "field '" + f.name + "'";
  const auto& known = canonical_field_names();
  if (std::find(known.begin(), known.end(), f.name) == known.end()) {
    fail(where, "not a canonical article field");
  }
  f.id_prefix = get_string(j, "id_prefix", where);
  if (!f.id_prefix.empty()) check_prefix(f.id_prefix, where, false);
  if (auto it = j.find("text"); it != j.end()) {
    check_keys(*it, where + " text", {"weight", "prefix", "also_unprefixed"});
    TextSpec t;
    t.weight = static_cast<int>(get_int(*it, "weight", where, 1, 100, 1));
    t.prefix = get_string(*it, "prefix", where);
    check_prefix(t.prefix, where, true);
    t.also_unprefixed = get_bool(*it, "also_unprefixed", where, true);
    if (t.prefix.empty() && !t.also_unprefixed) fail(where, "text indexes nothing");
    f.text = t;
  }
  if (auto it = j.find("filter"); it != j.end()) {
    check_keys(*it, where + " filter", {"prefix"});
    FilterSpec s{get_string(*it, "prefix", where)};
    check_prefix(s.prefix, where, false);
    f.filter = s;
  }
  if (auto it = j.find("value"); it != j.end()) {
    check_keys(*it, where + " value", {"slot", "multi"});
    if (!it->contains("slot")) fail(where, "value needs a 'slot'");
    f.value = ValueSpec{static_cast<unsigned>(get_int(*it, "slot", where, 0, 255, 0)),
                        get_bool(*it, "multi", where, false)};
  }
  if (auto it = j.find("date"); it != j.end()) {
    check_keys(*it, where + " date",
               {"slot", "day_slot", "month_slot", "day_prefix", "month_prefix", "year_prefix"});
    if (!it->contains("slot")) fail(where, "date needs a 'slot'");
    DateSpec d;
    d.slot = static_cast<unsigned>(get_int(*it, "slot", where, 0, 255, 0));
    if (it->contains("day_slot")) {
      d.day_slot = static_cast<unsigned>(get_int(*it, "day_slot", where, 0, 255, 0));
    }
    if (it->contains("month_slot")) {
      d.month_slot = static_cast<unsigned>(get_int(*it, "month_slot", where, 0, 255, 0));
    }
    d.day_prefix = get_string(*it, "day_prefix", where);
    d.month_prefix = get_string(*it, "month_prefix", where);
    d.year_prefix = get_string(*it, "year_prefix", where);
    for (const auto* p : {&d.day_prefix, &d.month_prefix, &d.year_prefix}) {
      check_prefix(*p, where, true);
    }
    f.date = d;
  }
  f.query_name = get_string(j, "query_name", where);
  if (!f.query_name.empty() && !f.text && !f.filter) {
    fail(where, "query_name needs text or filter indexing");
  }
  return f;
}

void check_whole(const Schema& s) {
  std::set<std::string> names, query_names, prefixes;
  std::set<unsigned> slots;
  auto claim_prefix = [&](const std::string& prefix, const std::string& where) {
    if (prefix.empty()) return;
    if (!prefixes.insert(prefix).second) fail(where, "prefix '" + prefix + "' is used twice");
  };
  auto claim_slot = [&](unsigned slot, const std::string& where) {
    if (!slots.insert(slot).second)
      fail(where, "value slot " + std::to_string(slot) + " is used twice");
  };
  for (const FieldSpec& f : s.fields) {
    std::string where = "field '" + f.name + "'";
    if (!names.insert(f.name).second) fail(where, "defined twice");
    if (!f.query_name.empty() && !query_names.insert(f.query_name).second) {
      fail(where, "query_name '" + f.query_name + "' is used twice");
    }
    if (!f.id_prefix.empty() && f.name != "id") fail(where, "only 'id' may have an id_prefix");
    claim_prefix(f.id_prefix, where);
    if (f.text) claim_prefix(f.text->prefix, where);
    if (f.filter) claim_prefix(f.filter->prefix, where);
    if (f.value) claim_slot(f.value->slot, where);
    if (f.date) {
      if (f.name != "published_at" && f.name != "updated_at" && f.name != "embargo_until" &&
          f.name != "expires_at") {
        fail(where,
             "date indexing is only for published_at, updated_at, embargo_until and "
             "expires_at");
      }
      claim_slot(f.date->slot, where);
      if (f.date->day_slot) claim_slot(*f.date->day_slot, where);
      if (f.date->month_slot) claim_slot(*f.date->month_slot, where);
      claim_prefix(f.date->day_prefix, where);
      claim_prefix(f.date->month_prefix, where);
      claim_prefix(f.date->year_prefix, where);
    }
  }
  if (s.story) {
    claim_slot(s.story->cluster_slot, "story");
    claim_slot(s.story->signature_slot, "story");
    if (s.story->collapse_slot) claim_slot(*s.story->collapse_slot, "story");
    claim_prefix(s.story->band_prefix, "story");
    claim_prefix(s.story->cluster_prefix, "story");
  }
  if (s.order_slot) claim_slot(*s.order_slot, "derived_slots");
  if (s.story_facets_slot) {
    if (!s.story) fail("derived_slots", "'story_facets' needs a 'story'");
    claim_slot(*s.story_facets_slot, "derived_slots");
  }
  const FieldSpec* id = s.find("id");
  if (id == nullptr || id->id_prefix.empty()) fail("field 'id'", "required, with an id_prefix");
  const FieldSpec* title = s.find("title");
  if (title == nullptr || !title->text) fail("field 'title'", "required, with text indexing");
}

}  // namespace

const FieldSpec* Schema::find(std::string_view field_name) const {
  for (const FieldSpec& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

const std::string& Schema::id_prefix() const {
  static const std::string kNone;
  const FieldSpec* id = find("id");
  return id ? id->id_prefix : kNone;
}

Schema schema_from_json(const json& j) {
  check_keys(j, "top level",
             {"name", "version", "default_language", "field_position_gap", "stemming", "fields",
              "story", "common_grams", "derived_slots"});
  Schema s;
  s.name = get_string(j, "name", "top level");
  if (s.name.empty()) fail("top level", "'name' is required");
  s.version = static_cast<int>(get_int(j, "version", "top level", 1, 1'000'000, 1));
  s.default_language = get_string(j, "default_language", "top level", "en");
  if (!is_language_code(s.default_language)) {
    fail("top level", "default_language must be an ISO 639-1 code");
  }
  s.field_position_gap =
      static_cast<unsigned>(get_int(j, "field_position_gap", "top level", 0, 10'000, 100));
  std::string stemming = get_string(j, "stemming", "top level", "some");
  if (stemming != "all" && stemming != "some")
    fail("top level", "stemming must be \"all\" or \"some\"");
  s.stem_all = stemming == "all";
  auto fields = j.find("fields");
  if (fields == j.end() || !fields->is_array() || fields->empty()) {
    fail("top level", "'fields' must be a non-empty array");
  }
  for (std::size_t i = 0; i < fields->size(); ++i) {
    s.fields.push_back(field_from_json((*fields)[i], i));
  }
  if (auto it = j.find("story"); it != j.end()) {
    const std::string where = "story";
    check_keys(*it, where,
               {"cluster_slot", "signature_slot", "collapse_slot", "band_prefix", "cluster_prefix",
                "min_similarity_percent", "window_hours"});
    StorySpec story;
    story.cluster_slot = static_cast<unsigned>(get_int(*it, "cluster_slot", where, 0, 255, 9));
    story.signature_slot = static_cast<unsigned>(get_int(*it, "signature_slot", where, 0, 255, 10));
    if (it->contains("collapse_slot")) {
      story.collapse_slot = static_cast<unsigned>(get_int(*it, "collapse_slot", where, 0, 255, 11));
    }
    story.band_prefix = get_string(*it, "band_prefix", where, "XH");
    story.cluster_prefix = get_string(*it, "cluster_prefix", where, "XC");
    check_prefix(story.band_prefix, where, false);
    check_prefix(story.cluster_prefix, where, false);
    story.min_similarity =
        static_cast<double>(get_int(*it, "min_similarity_percent", where, 1, 100, 45)) / 100.0;
    story.window_hours =
        static_cast<unsigned>(get_int(*it, "window_hours", where, 1, 24 * 365, 168));
    s.story = story;
  }
  if (auto it = j.find("derived_slots"); it != j.end()) {
    const std::string where = "derived_slots";
    check_keys(*it, where, {"order", "story_facets"});
    if (it->contains("order")) {
      s.order_slot = static_cast<unsigned>(get_int(*it, "order", where, 0, 255, 0));
    }
    if (it->contains("story_facets")) {
      s.story_facets_slot = static_cast<unsigned>(get_int(*it, "story_facets", where, 0, 255, 0));
    }
  }
  if (auto it = j.find("common_grams"); it != j.end()) {
    const std::string where = "common_grams";
    check_keys(*it, where, {"words", "not_with"});
    auto terms = [&](const char* key, std::vector<std::string>& out) {
      auto list = it->find(key);
      if (list == it->end()) return;
      if (!list->is_array() || list->size() > 1000) {
        fail(where, std::string("'") + key + "' must be an array of at most 1000 terms");
      }
      for (const json& word : *list) {
        if (!word.is_string()) fail(where, "each word must be a string");
        const std::string& w = word.get_ref<const std::string&>();
        if (w.empty() || w.size() > 64 || (w[0] >= 'A' && w[0] <= 'Z') ||
            w.find_first_of(" \t\r\n") != std::string::npos) {
          fail(where, "'" + w.substr(0, 64) +
                          "' is not an index term (1-64 bytes, no space, not starting upper-case)");
        }
        out.push_back(w);
      }
    };
    terms("words", s.common_words);
    terms("not_with", s.common_not_with);
  }
  check_whole(s);
  return s;
}

Schema load_schema_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::kNotFound, "cannot open schema file " + path);
  json j = json::parse(in, nullptr, false, true);
  if (j.is_discarded()) {
    throw Error(ErrorKind::kInvalidArgument, "schema file " + path + " is not valid JSON");
  }
  return schema_from_json(j);
}

json schema_to_json(const Schema& s) {
  json fields = json::array();
  for (const FieldSpec& f : s.fields) {
    json jf = {{"name", f.name}};
    if (!f.id_prefix.empty()) jf["id_prefix"] = f.id_prefix;
    if (f.text) {
      jf["text"] = {{"weight", f.text->weight},
                    {"prefix", f.text->prefix},
                    {"also_unprefixed", f.text->also_unprefixed}};
    }
    if (f.filter) jf["filter"] = {{"prefix", f.filter->prefix}};
    if (f.value) jf["value"] = {{"slot", f.value->slot}, {"multi", f.value->multi}};
    if (f.date) {
      jf["date"] = {{"slot", f.date->slot},
                    {"day_prefix", f.date->day_prefix},
                    {"month_prefix", f.date->month_prefix},
                    {"year_prefix", f.date->year_prefix}};
      if (f.date->day_slot) jf["date"]["day_slot"] = *f.date->day_slot;
      if (f.date->month_slot) jf["date"]["month_slot"] = *f.date->month_slot;
    }
    if (!f.query_name.empty()) jf["query_name"] = f.query_name;
    fields.push_back(std::move(jf));
  }
  json out = {{"name", s.name},
              {"version", s.version},
              {"default_language", s.default_language},
              {"field_position_gap", s.field_position_gap},
              {"stemming", s.stem_all ? "all" : "some"},
              {"fields", std::move(fields)}};
  if (s.story) {
    out["story"] = {
        {"cluster_slot", s.story->cluster_slot},
        {"signature_slot", s.story->signature_slot},
        {"band_prefix", s.story->band_prefix},
        {"cluster_prefix", s.story->cluster_prefix},
        {"min_similarity_percent", static_cast<int>(std::lround(s.story->min_similarity * 100))},
        {"window_hours", s.story->window_hours}};
    if (s.story->collapse_slot) out["story"]["collapse_slot"] = *s.story->collapse_slot;
  }
  if (s.order_slot || s.story_facets_slot) {
    out["derived_slots"] = json::object();
    if (s.order_slot) out["derived_slots"]["order"] = *s.order_slot;
    if (s.story_facets_slot) out["derived_slots"]["story_facets"] = *s.story_facets_slot;
  }
  if (!s.common_words.empty()) {
    out["common_grams"] = {{"words", s.common_words}, {"not_with", s.common_not_with}};
  }
  return out;
}

std::string schema_incompatibility(const Schema& stored, const Schema& wanted) {
  if (stored.name != wanted.name) {
    return "the index was built with schema '" + stored.name + "', not '" + wanted.name + "'";
  }
  if (stored.version != wanted.version) {
    return "the index was built with schema version " + std::to_string(stored.version) + ", not " +
           std::to_string(wanted.version);
  }
  json a = schema_to_json(stored), b = schema_to_json(wanted);
  // The collapse slot follows the index (an index written before it existed has none, and its
  // writers leave it so): it changes no search result, only what collapsing reads.
  for (json* j : {&a, &b}) {
    if (j->contains("story")) (*j)["story"].erase("collapse_slot");
  }
  if (a.value("story", json()) != b.value("story", json())) {
    return "the index was built with different story clustering settings";
  }
  if (a.value("derived_slots", json()) != b.value("derived_slots", json())) {
    return "the index was built with different derived_slots";
  }
  if (stored.stem_all != wanted.stem_all) {
    return std::string("the index was built with \"stemming\": \"") +
           (stored.stem_all ? "all" : "some") + "\", the schema file has \"" +
           (wanted.stem_all ? "all" : "some") + "\"";
  }
  if (a["default_language"] != b["default_language"] ||
      a["field_position_gap"] != b["field_position_gap"]) {
    return "the index was built with different default_language or field_position_gap";
  }
  for (const FieldSpec& f : wanted.fields) {
    const FieldSpec* old = stored.find(f.name);
    if (old == nullptr) return "field '" + f.name + "' is not in the index's schema";
    json fa, fb;
    for (const auto& jf : a["fields"]) {
      if (jf["name"] == f.name) fa = jf;
    }
    for (const auto& jf : b["fields"]) {
      if (jf["name"] == f.name) fb = jf;
    }
    if (fa != fb) {
      return "field '" + f.name + "' is indexed differently: index has " + fa.dump() +
             ", schema file has " + fb.dump();
    }
  }
  if (stored.fields.size() != wanted.fields.size()) {
    return "the index's schema has fields that the schema file lacks";
  }
  return "";
}

}  // namespace dateline

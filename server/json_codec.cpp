#include "server/json_codec.h"

#include <cmath>
#include <string_view>

#include "schema/dates.h"

namespace dateline {

using json = nlohmann::ordered_json;

namespace {

json hit_to_json(const SearchHit& h) {
  json j = {{"id", h.id}, {"title", h.title}};
  if (!h.url.empty()) j["url"] = h.url;
  if (!h.source.empty()) j["source"] = h.source;
  if (!h.section.empty()) j["section"] = h.section;
  j["authors"] = h.authors;
  j["published_at"] = h.published_at.empty() ? json(nullptr) : json(h.published_at);
  if (!h.updated_at.empty()) j["updated_at"] = h.updated_at;
  if (!h.correction.empty()) j["correction"] = h.correction;
  j["score"] = std::round(h.score * 10000) / 10000;
  j["highlight"] = {{"title", h.title_html}, {"body", h.body_fragments}};
  if (!h.story.empty()) j["story"] = h.story;
  if (h.pinned) j["pinned"] = true;
  if (h.more_sources > 0) {
    j["more_sources"] = h.more_sources;
    j["other_sources"] = h.other_sources;
  }
  return j;
}

json facets_to_json(const std::vector<Facet>& facets) {
  json out = json::object();
  for (const Facet& f : facets) {
    json values = json::array();
    for (const FacetValue& v : f.values) values.push_back({{"value", v.value}, {"count", v.count}});
    out[f.name] = std::move(values);
    if (f.approximate) out[f.name + "_approximate"] = true;
  }
  return out;
}

std::string dump_plain(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Appends JSON text, with <, > and & written as \u escapes.
void append_safe(std::string_view text, std::string& out) {
  std::size_t from = 0;
  for (std::size_t at = text.find_first_of("<>&"); at != std::string_view::npos;
       at = text.find_first_of("<>&", from)) {
    out.append(text, from, at - from);
    out += text[at] == '<' ? "\\u003c" : text[at] == '>' ? "\\u003e" : "\\u0026";
    from = at + 1;
  }
  out.append(text, from);
}

// Where a value stands in a response: only the "highlight" object of a search hit (the top
// level's "hits" array) is our own HTML; the same key anywhere else, such as a field an article
// brought with it, is document text like the rest.
enum class Place { kTop, kHits, kHit, kOther };

void dump_safe_into(const json& value, std::string& out, Place place) {
  switch (value.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, element] : value.items()) {
        if (!first) out += ',';
        first = false;
        append_safe(dump_plain(json(key)), out);
        out += ':';
        if (place == Place::kHit && key == "highlight") {
          out += dump_plain(element);
        } else {
          dump_safe_into(element, out,
                         place == Place::kTop && key == "hits" ? Place::kHits : Place::kOther);
        }
      }
      out += '}';
      break;
    }
    case json::value_t::array: {
      out += '[';
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (i) out += ',';
        dump_safe_into(value[i], out, place == Place::kHits ? Place::kHit : Place::kOther);
      }
      out += ']';
      break;
    }
    case json::value_t::string:
      append_safe(dump_plain(value), out);
      break;
    default:
      out += dump_plain(value);
  }
}

}  // namespace

std::string dump_html_safe(const json& value) {
  std::string out;
  dump_safe_into(value, out, Place::kTop);
  return out;
}

json to_json(const SearchResponse& r) {
  json hits = json::array();
  for (const SearchHit& h : r.hits) {
    json hit = hit_to_json(h);
    if (r.explain) {
      hit["explain"] = {{"text_score", std::round((h.score - h.recency_score) * 10000) / 10000},
                        {"recency_score", std::round(h.recency_score * 10000) / 10000}};
    }
    hits.push_back(std::move(hit));
  }
  json j = {{"query", r.query},
            {"total", {{"value", r.total}, {"relation", r.total_exact ? "eq" : "gte"}}},
            {"page", r.page},
            {"per_page", r.per_page},
            {"took_ms", std::round(r.took_ms * 1000) / 1000},
            {"matching", matching_name(r.matching)},
            {"relaxed", r.relaxed}};
  if (!r.corrected_query.empty()) {
    j["corrected_query"] = r.corrected_query;
    j["auto_corrected"] = r.auto_corrected;
  }
  if (r.explain) j["parsed_query"] = r.parsed_query;
  if (r.explain && !r.curation_rule.empty()) {
    j["curation"] = {
        {"rule", r.curation_rule}, {"pinned", r.curation_pinned}, {"hidden", r.curation_hidden}};
  }
  if (!r.truncated.empty()) j["truncated"] = r.truncated;
  if (r.shards_total > 0) {
    j["partial"] = r.shards_failed > 0;
    j["shards"] = {{"total", r.shards_total}, {"failed", r.shards_failed}};
  }
  j["hits"] = std::move(hits);
  if (!r.facets.empty()) j["facets"] = facets_to_json(r.facets);
  return j;
}

json to_json(const std::vector<Suggestion>& suggestions) {
  json list = json::array();
  for (const Suggestion& s : suggestions) list.push_back({{"text", s.text}, {"count", s.count}});
  return {{"suggestions", std::move(list)}};
}

json to_json(const std::vector<ShardHealth>& shards) {
  json list = json::array();
  for (const ShardHealth& h : shards) {
    json shard = {{"shard", h.name}, {"up", h.up}, {"documents", h.documents}};
    if (!h.last_error.empty()) shard["last_error"] = h.last_error;
    if (h.down_since > 0) shard["down_since"] = format_rfc3339(h.down_since);
    if (h.behind_seconds) shard["behind_seconds"] = *h.behind_seconds;
    list.push_back(std::move(shard));
  }
  return list;
}

json to_json(const IndexStats& s) {
  json j = {
      {"documents", s.documents},
      {"revision", s.revision},
      {"average_length", std::round(s.average_length * 10) / 10},
      {"last_commit", s.last_commit > 0 ? json(format_rfc3339(s.last_commit)) : json(nullptr)},
      {"schema", s.schema}};
  if (!s.shards.empty()) j["shards"] = to_json(s.shards);
  return j;
}

json error_json(const std::string& code, const std::string& message) {
  return {{"error", {{"code", code}, {"message", message}}}};
}

}  // namespace dateline

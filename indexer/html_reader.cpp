#include "indexer/html_reader.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <libxml/HTMLparser.h>

#include "core/json_depth.h"
#include "core/text.h"
#include "indexer/bounded_read.h"
#include "indexer/html_text.h"

namespace dateline {
namespace {

using nlohmann::json;

// What the page says about itself, gathered in one walk over the tree.
struct PageMeta {
  std::vector<json> json_ld;
  std::vector<std::pair<std::string, std::string>> meta;  // property or name -> content
  std::string canonical;
  std::string time_datetime;
  std::string title_tag;
  std::string h1;
  std::string lang;
};

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// `max_json_depth`: JSON-LD nested deeper is skipped unparsed (see core/json_depth.h).
void gather(const xmlNode* node, PageMeta& page, std::size_t max_json_depth) {
  for (const xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    std::string_view name = local_name(n);
    if (name == "script" && lower(attribute(n, "type")) == "application/ld+json") {
      std::string text;
      for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
        if (c->content != nullptr) text += reinterpret_cast<const char*>(c->content);
      }
      if (!json_depth_within(text, max_json_depth)) continue;
      json parsed = json::parse(text, nullptr, false);
      if (!parsed.is_discarded()) page.json_ld.push_back(std::move(parsed));
      continue;
    }
    if (name == "meta") {
      std::string key = attribute(n, "property");
      if (key.empty()) key = attribute(n, "name");
      std::string content = attribute(n, "content");
      if (!key.empty() && !content.empty()) page.meta.emplace_back(lower(key), content);
    } else if (name == "link" && lower(attribute(n, "rel")) == "canonical") {
      if (page.canonical.empty()) page.canonical = attribute(n, "href");
    } else if (name == "time" && page.time_datetime.empty()) {
      page.time_datetime = attribute(n, "datetime");
    } else if (name == "title" && page.title_tag.empty()) {
      page.title_tag = node_plain_text(n);
    } else if (name == "h1" && page.h1.empty()) {
      page.h1 = node_plain_text(n);
    } else if (name == "html") {
      page.lang = attribute(n, "lang");
    }
    gather(n->children, page, max_json_depth);
  }
}

bool is_article_type(const json& type) {
  static const char* const kTypes[] = {
      "NewsArticle",        "Article",     "ReportageNewsArticle", "AnalysisNewsArticle",
      "OpinionNewsArticle", "BlogPosting", "LiveBlogPosting",      "BackgroundNewsArticle",
      "ReviewNewsArticle",  "Report"};
  auto matches = [](const json& t) {
    if (!t.is_string()) return false;
    for (const char* name : kTypes) {
      if (t.get<std::string>() == name) return true;
    }
    return false;
  };
  if (type.is_array()) {
    for (const json& t : type) {
      if (matches(t)) return true;
    }
    return false;
  }
  return matches(type);
}

// The first article object in a JSON-LD value (objects, arrays, @graph), or nullptr.
const json* find_article(const json& value) {
  if (value.is_array()) {
    for (const json& element : value) {
      if (const json* found = find_article(element)) return found;
    }
  } else if (value.is_object()) {
    if (auto t = value.find("@type"); t != value.end() && is_article_type(*t)) return &value;
    if (auto g = value.find("@graph"); g != value.end()) return find_article(*g);
  }
  return nullptr;
}

// A JSON-LD value as text: a string, a {name}/{url}/{@id} object, or the first of an array.
std::string ld_text(const json& value, const char* key = "name") {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  if (value.is_object()) {
    for (const char* k : {key, "name", "url", "@id"}) {
      if (auto it = value.find(k); it != value.end() && it->is_string()) return *it;
    }
  }
  if (value.is_array() && !value.empty()) return ld_text(value.front(), key);
  return "";
}

std::vector<std::string> ld_list(const json& value, bool split_commas) {
  std::vector<std::string> out;
  if (value.is_array()) {
    for (const json& element : value) {
      std::string text = ld_text(element);
      if (!text.empty()) out.push_back(text);
    }
  } else if (std::string text = ld_text(value); !text.empty()) {
    if (!split_commas) return {text};
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      std::string item = fold_whitespace(std::string_view(text).substr(start, end - start));
      if (!item.empty()) out.push_back(item);
      start = end + 1;
    }
  }
  return out;
}

bool is_boilerplate_token(const std::string& token) {
  static const char* const kWords[] = {
      "comment", "comments",   "ad",      "ads",       "advert",  "advertisement",
      "promo",   "share",      "sharing", "social",    "related", "newsletter",
      "cookie",  "breadcrumb", "sidebar", "subscribe", "paywall", "recommended"};
  std::string t = lower(token);
  for (const char* word : kWords) {
    std::string w = word;
    if (t == w || t.rfind(w + "-", 0) == 0 || t.rfind(w + "_", 0) == 0) return true;
  }
  return false;
}

bool names_boilerplate(const std::string& names) {
  std::size_t start = 0;
  while (start < names.size()) {
    std::size_t end = names.find_first_of(" \t\n", start);
    if (end == std::string::npos) end = names.size();
    if (end > start && is_boilerplate_token(names.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

bool is_boilerplate(const xmlNode* n) {
  static const char* const kElements[] = {"nav",   "header",   "footer", "aside",  "script",
                                          "style", "noscript", "form",   "iframe", "template",
                                          "svg",   "button",   "figure", "h1",     "select"};
  std::string_view name = local_name(n);
  for (const char* element : kElements) {
    if (name == element) return true;
  }
  std::string role = attribute(n, "role");
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary") {
    return true;
  }
  return names_boilerplate(attribute(n, "class")) || names_boilerplate(attribute(n, "id"));
}

void remove_boilerplate(xmlNode* node) {
  xmlNode* n = node->children;
  while (n != nullptr) {
    xmlNode* next = n->next;
    if (n->type == XML_COMMENT_NODE || (n->type == XML_ELEMENT_NODE && is_boilerplate(n))) {
      xmlUnlinkNode(n);
      xmlFreeNode(n);
    } else if (n->type == XML_ELEMENT_NODE) {
      remove_boilerplate(n);
    }
    n = next;
  }
}

void find_elements(xmlNode* node, const std::function<bool(const xmlNode*)>& match,
                   std::vector<xmlNode*>& out) {
  for (xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (match(n)) out.push_back(n);
    find_elements(n->children, match, out);
  }
}

// The article's text: the candidate container with the most text after boilerplate removal.
std::string article_body(xmlNode* root) {
  remove_boilerplate(root);
  std::vector<xmlNode*> candidates;
  find_elements(
      root, [](const xmlNode* n) { return local_name(n) == "article"; }, candidates);
  if (candidates.empty()) {
    find_elements(
        root, [](const xmlNode* n) { return attribute(n, "itemprop") == "articleBody"; },
        candidates);
  }
  if (candidates.empty()) {
    find_elements(
        root, [](const xmlNode* n) { return local_name(n) == "main"; }, candidates);
  }
  if (candidates.empty()) {
    find_elements(
        root, [](const xmlNode* n) { return local_name(n) == "body"; }, candidates);
  }
  std::string best;
  for (const xmlNode* c : candidates) {
    std::string text = node_text(c);
    if (text.size() > best.size()) best = std::move(text);
  }
  return best;
}

std::string normalise_lang(std::string lang) {
  lang = lower(lang.substr(0, lang.find_first_of("-_")));
  return is_language_code(lang) ? lang : "";
}

}  // namespace

std::size_t read_html(std::istream& in, RecordSink& sink, const ReaderOptions& options) {
  // One byte past the limit tells an oversized page without reading the rest of it.
  std::string text = read_at_most(in, options.max_record_bytes + 1);
  if (text.size() > options.max_record_bytes) {
    sink.on_reject(1, "page is larger than " + std::to_string(options.max_record_bytes) + " bytes");
    return 1;
  }
  if (std::size_t repaired = repair_utf8(text)) sink.on_repair(1, repaired);
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(
          text.data(), static_cast<int>(text.size()), nullptr, "UTF-8",
          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET),
      &xmlFreeDoc);
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    sink.on_reject_raw(1, "not an HTML page (nothing to parse)", text.substr(0, 4096));
    return 1;
  }
  PageMeta page;
  gather(root, page, options.max_json_depth);
  auto meta = [&page](const char* key) -> std::string {
    for (const auto& [k, v] : page.meta) {
      if (k == key) return v;
    }
    return "";
  };
  auto metas = [&page](const char* key) {
    std::vector<std::string> values;
    for (const auto& [k, v] : page.meta) {
      if (k == key) values.push_back(v);
    }
    return values;
  };
  const json* ld = nullptr;
  for (const json& block : page.json_ld) {
    if ((ld = find_article(block)) != nullptr) break;
  }
  auto from_ld = [ld](const char* key, const char* inner = "name") -> std::string {
    if (ld == nullptr) return "";
    auto it = ld->find(key);
    return it == ld->end() ? "" : fold_whitespace(ld_text(*it, inner));
  };
  auto first = [](std::initializer_list<std::string> values) {
    for (const std::string& v : values) {
      if (!v.empty()) return v;
    }
    return std::string();
  };

  json o = json::object();
  auto put = [&o](const char* key, const std::string& value) {
    if (!value.empty()) o[key] = value;
  };
  std::string url =
      first({page.canonical, meta("og:url"), from_ld("url"), from_ld("mainEntityOfPage", "@id")});
  put("url", url);
  if (url.empty()) put("id", options.fallback_id);
  put("title", first({from_ld("headline"), meta("og:title"), page.h1, page.title_tag}));
  put("summary", first({from_ld("description"), meta("og:description"), meta("description")}));
  put("source", first({from_ld("publisher"), meta("og:site_name")}));
  put("image_url", first({meta("og:image"), from_ld("image", "url")}));
  put("published_at",
      first({from_ld("datePublished"), meta("article:published_time"), page.time_datetime}));
  put("updated_at", first({from_ld("dateModified"), meta("article:modified_time")}));
  put("section", first({from_ld("articleSection"), meta("article:section")}));
  put("language", normalise_lang(first({from_ld("inLanguage"), page.lang})));

  std::vector<std::string> authors;
  if (ld != nullptr && ld->contains("author")) authors = ld_list((*ld)["author"], false);
  if (authors.empty()) authors = metas("author");
  if (authors.empty()) {
    for (const std::string& a : metas("article:author")) {
      if (a.rfind("http", 0) != 0) authors.push_back(a);  // profile URLs are not names
    }
  }
  if (!authors.empty()) o["authors"] = authors;
  std::vector<std::string> tags;
  if (ld != nullptr && ld->contains("keywords")) tags = ld_list((*ld)["keywords"], true);
  if (tags.empty()) tags = metas("article:tag");
  if (tags.empty()) tags = ld_list(json(meta("keywords")), true);
  if (!tags.empty()) o["tags"] = tags;

  put("body", article_body(root));
  emit_object(std::move(o), 1, text.substr(0, 64 * 1024), sink, options);
  return 1;
}

}  // namespace dateline

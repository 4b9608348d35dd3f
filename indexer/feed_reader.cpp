#include "indexer/feed_reader.h"

#include <memory>
#include <string>

#include <libxml/parser.h>

#include "core/text.h"
#include "indexer/bounded_read.h"
#include "indexer/html_text.h"

namespace dateline {
namespace {

using nlohmann::json;

constexpr const char* kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr const char* kDcNs = "http://purl.org/dc/elements/1.1/";

std::string_view ns_href(const xmlNode* node) {
  if (node->ns == nullptr || node->ns->href == nullptr) return {};
  return reinterpret_cast<const char*>(node->ns->href);
}

bool is(const xmlNode* node, std::string_view name, std::string_view ns = {}) {
  return local_name(node) == name && (ns.empty() || ns_href(node) == ns);
}

const xmlNode* child(const xmlNode* parent, std::string_view name, std::string_view ns = {}) {
  for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
    if (is(n, name, ns)) return n;
  }
  return nullptr;
}

std::string child_text(const xmlNode* parent, std::string_view name, std::string_view ns = {}) {
  return node_plain_text(child(parent, name, ns));
}

// The raw markup of a node's content, for content:encoded / description (escaped HTML in text or
// CDATA arrives here as one text string).
std::string raw_content(const xmlNode* node) {
  if (node == nullptr) return "";
  xmlChar* content = xmlNodeGetContent(node);
  if (content == nullptr) return "";
  std::string text = reinterpret_cast<const char*>(content);
  xmlFree(content);
  return text;
}

// The item's own markup, kept with a rejection so it can be fixed and replayed.
std::string dump_node(xmlDoc* doc, const xmlNode* node) {
  std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer(xmlBufferCreate(), &xmlBufferFree);
  xmlNodeDump(buffer.get(), doc, const_cast<xmlNode*>(node), 0, 0);
  return reinterpret_cast<const char*>(xmlBufferContent(buffer.get()));
}

// "jo@example.com (Jo Reporter)" -> "Jo Reporter"; anything else as it is.
std::string rss_author(std::string author) {
  std::size_t open = author.find('(');
  std::size_t close = author.rfind(')');
  if (author.find('@') != std::string::npos && open != std::string::npos && close > open) {
    return author.substr(open + 1, close - open - 1);
  }
  return author;
}

void put(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

json rss_item(const xmlNode* item, const std::string& source, const std::string& language) {
  json o = json::object();
  std::string link = child_text(item, "link");
  std::string guid = child_text(item, "guid");
  put(o, "id", guid.empty() ? link : guid);
  put(o, "url", link);
  put(o, "title", html_to_text(child_text(item, "title")));
  std::string date = child_text(item, "pubDate");
  if (date.empty()) date = child_text(item, "date", kDcNs);
  put(o, "published_at", date);
  json authors = json::array(), tags = json::array();
  std::string image;
  for (const xmlNode* n = item->children; n != nullptr; n = n->next) {
    if (is(n, "creator", kDcNs)) authors.push_back(node_plain_text(n));
    if (is(n, "author") && ns_href(n).empty()) authors.push_back(rss_author(node_plain_text(n)));
    if (is(n, "category") || is(n, "subject", kDcNs)) tags.push_back(node_plain_text(n));
    if (is(n, "enclosure") && attribute(n, "type").rfind("image/", 0) == 0 && image.empty()) {
      image = attribute(n, "url");
    }
  }
  if (!authors.empty()) o["authors"] = authors;
  if (!tags.empty()) o["tags"] = tags;
  std::string content = html_to_text(raw_content(child(item, "encoded", kContentNs)));
  std::string description = html_to_text(raw_content(child(item, "description")));
  if (!content.empty()) {
    put(o, "body", content);
    put(o, "summary", description);
  } else {
    put(o, "body", description);
  }
  put(o, "image_url", image);
  put(o, "source", source);
  std::string item_language = child_text(item, "language", kDcNs);
  put(o, "language", item_language.empty() ? language : item_language);
  return o;
}

// Atom text constructs: type="html" holds escaped markup, "xhtml" a div of elements, "text" text.
std::string atom_text(const xmlNode* node) {
  if (node == nullptr) return "";
  std::string type = attribute(node, "type");
  if (type == "xhtml") return node_text(node);
  if (type == "html" || type == "text/html") return html_to_text(raw_content(node));
  return node_text(node);
}

std::string lang_of(const xmlNode* node) {
  xmlChar* lang = xmlNodeGetLang(node);
  if (lang == nullptr) return "";
  std::string result = reinterpret_cast<const char*>(lang);
  xmlFree(lang);
  return result;
}

json atom_entry(const xmlNode* entry, const std::string& source) {
  json o = json::object();
  std::string url;
  json authors = json::array(), tags = json::array();
  for (const xmlNode* n = entry->children; n != nullptr; n = n->next) {
    if (is(n, "link")) {
      std::string rel = attribute(n, "rel");
      if ((rel.empty() || rel == "alternate") && url.empty()) url = attribute(n, "href");
    } else if (is(n, "author")) {
      authors.push_back(child_text(n, "name"));
    } else if (is(n, "category")) {
      std::string term = attribute(n, "label");
      tags.push_back(term.empty() ? attribute(n, "term") : term);
    }
  }
  std::string id = child_text(entry, "id");
  put(o, "id", id.empty() ? url : id);
  put(o, "url", url);
  put(o, "title", atom_text(child(entry, "title")));
  std::string published = child_text(entry, "published");
  std::string updated = child_text(entry, "updated");
  put(o, "published_at", published.empty() ? updated : published);
  put(o, "updated_at", updated);
  if (!authors.empty()) o["authors"] = authors;
  if (!tags.empty()) o["tags"] = tags;
  std::string content = atom_text(child(entry, "content"));
  std::string summary = atom_text(child(entry, "summary"));
  if (!content.empty()) {
    put(o, "body", content);
    put(o, "summary", summary);
  } else {
    put(o, "body", summary);
  }
  put(o, "source", source);
  put(o, "language", lang_of(entry));
  return o;
}

struct FirstError {
  std::size_t line = 0;
  std::string message;

  static void capture(void* self, xmlErrorPtr error) {
    auto* first = static_cast<FirstError*>(self);
    if (first->line != 0 || error == nullptr || error->level < XML_ERR_ERROR) return;
    first->line = error->line > 0 ? static_cast<std::size_t>(error->line) : 1;
    first->message = error->message != nullptr ? fold_whitespace(error->message) : "";
  }
};

// Stops the parse at the first entity declaration (<!ENTITY ...>) in the document's DTD. Nested
// internal entities are the "billion laughs": a few hundred bytes that expand to gigabytes, when
// libxml2 builds the tree or later when text is taken out of it (xmlNodeGetContent expands
// entity references); external ones name files or URLs. News feeds do not need them.
struct EntityGuard {
  std::string name;  // the first entity declared, or ""
  std::size_t line = 0;

  static void on_entity_decl(void* ctx, const xmlChar* entity, int, const xmlChar*, const xmlChar*,
                             xmlChar*) {
    auto* parser = static_cast<xmlParserCtxt*>(ctx);
    auto* self = static_cast<EntityGuard*>(parser->_private);
    if (self->name.empty()) {
      self->name = entity != nullptr ? reinterpret_cast<const char*>(entity) : "?";
      self->line = parser->input != nullptr ? static_cast<std::size_t>(parser->input->line) : 1;
    }
    xmlStopParser(parser);
  }
};

}  // namespace

std::size_t read_feed(std::istream& in, RecordSink& sink, const ReaderOptions& options) {
  // One byte past the limit tells an oversized feed without reading the rest of it.
  std::string text = read_at_most(in, options.max_document_bytes + 1);
  if (text.size() > options.max_document_bytes) {
    sink.on_reject(1,
                   "feed is larger than " + std::to_string(options.max_document_bytes) + " bytes");
    return 0;
  }
  if (std::size_t repaired = repair_utf8(text)) sink.on_repair(1, repaired);
  // The first error is the useful one (later ones follow from it); libxml2 would print them all.
  FirstError first;
  xmlSetStructuredErrorFunc(&first, &FirstError::capture);
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(),
                                                                    &xmlFreeParserCtxt);
  if (!ctxt) {
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    sink.on_reject(1, "cannot parse the feed (out of memory)");
    return 0;
  }
  EntityGuard entities;
  ctxt->_private = &entities;
  ctxt->sax->entityDecl = &EntityGuard::on_entity_decl;
  // No XML_PARSE_HUGE: it turns off libxml2's bounds on nesting depth (256), text node size and
  // entity amplification. No XML_PARSE_NOENT or XML_PARSE_DTDLOAD: entities are not substituted
  // and no DTD is fetched. XML_PARSE_NONET: nothing is read from the network.
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlCtxtReadMemory(ctxt.get(), text.data(), static_cast<int>(text.size()), nullptr, "UTF-8",
                        XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOCDATA),
      &xmlFreeDoc);
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (!entities.name.empty()) {
    sink.on_reject(entities.line == 0 ? 1 : entities.line,
                   "feed declares the XML entity '" + entities.name +
                       "'; feeds with entity declarations are not read");
    return 0;
  }
  if (!ctxt->wellFormed) {
    sink.on_warning(first.line == 0 ? 1 : first.line,
                    "warning: feed is not well-formed XML (" +
                        (first.message.empty() ? std::string("parse error") : first.message) +
                        "); reading what can be recovered");
  }
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    sink.on_reject(1, "not an RSS or Atom feed (no XML root element)");
    return 0;
  }
  std::size_t records = 0;
  auto emit = [&](const xmlNode* node, json object) {
    ++records;
    std::size_t line = static_cast<std::size_t>(xmlGetLineNo(node));
    emit_object(std::move(object), line == 0 ? 1 : line, dump_node(doc.get(), node), sink, options);
  };
  if (is(root, "feed")) {
    std::string source = atom_text(child(root, "title"));
    std::string language = lang_of(root);
    for (const xmlNode* n = root->children; n != nullptr; n = n->next) {
      if (!is(n, "entry")) continue;
      json o = atom_entry(n, source);
      if (!o.contains("language") && !language.empty()) o["language"] = language;
      emit(n, std::move(o));
    }
    return records;
  }
  if (!is(root, "rss") && !is(root, "RDF")) {
    sink.on_reject(
        static_cast<std::size_t>(xmlGetLineNo(root)),
        "not an RSS or Atom feed (root element <" + std::string(local_name(root)) + ">)");
    return 0;
  }
  const xmlNode* channel = child(root, "channel");
  std::string source = channel ? html_to_text(child_text(channel, "title")) : "";
  std::string language = channel ? child_text(channel, "language") : "";
  if (language.empty() && channel) language = child_text(channel, "language", kDcNs);
  // RSS 2.0 puts items in the channel; RSS 1.0 (RDF) next to it.
  for (const xmlNode* parent : {channel, static_cast<const xmlNode*>(root)}) {
    if (parent == nullptr) continue;
    for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (is(n, "item")) emit(n, rss_item(n, source, language));
    }
  }
  return records;
}

}  // namespace dateline

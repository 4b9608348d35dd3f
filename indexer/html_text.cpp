#include "indexer/html_text.h"

#include <cstring>
#include <memory>

#include <libxml/HTMLparser.h>

#include "core/text.h"

namespace dateline {
namespace {

bool is_block(std::string_view name) {
  static const char* const kBlocks[] = {
      "p",     "div",  "br",     "li",     "ul",         "ol",         "h1",      "h2",
      "h3",    "h4",   "h5",     "h6",     "blockquote", "section",    "article", "tr",
      "table", "pre",  "header", "footer", "figure",     "figcaption", "dd",      "dt",
      "dl",    "main", "aside",  "nav",    "hr",         "address",    "td"};
  for (const char* block : kBlocks) {
    if (name == block) return true;
  }
  return false;
}

bool is_invisible(std::string_view name) {
  return name == "script" || name == "style" || name == "noscript" || name == "template" ||
         name == "head";
}

// Appends text with paragraph markers ('\n' means "a block boundary here").
void collect(const xmlNode* node, std::string& out) {
  for (const xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content != nullptr) out += reinterpret_cast<const char*>(n->content);
    } else if (n->type == XML_ELEMENT_NODE) {
      std::string_view name = local_name(n);
      if (is_invisible(name)) continue;
      bool block = is_block(name);
      if (block) out += '\n';
      collect(n->children, out);
      if (block) out += '\n';
    }
  }
}

// Turns the collected text into paragraphs: each run between '\n' markers is folded, empty runs
// are dropped, and paragraphs are joined by a blank line.
std::string paragraphs(const std::string& collected) {
  std::string out;
  std::size_t start = 0;
  while (start <= collected.size()) {
    std::size_t end = collected.find('\n', start);
    if (end == std::string::npos) end = collected.size();
    std::string para = fold_whitespace(std::string_view(collected).substr(start, end - start));
    if (!para.empty()) {
      if (!out.empty()) out += "\n\n";
      out += para;
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string_view local_name(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->name == nullptr) return {};
  return reinterpret_cast<const char*>(node->name);
}

std::string attribute(const xmlNode* node, const char* name) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return "";
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return "";
  std::string result = reinterpret_cast<const char*>(value);
  xmlFree(value);
  return result;
}

std::string node_text(const xmlNode* node) {
  if (node == nullptr) return "";
  std::string collected;
  if (node->type == XML_ELEMENT_NODE) {
    collect(node->children, collected);
  } else {
    collect(node, collected);
  }
  return paragraphs(collected);
}

std::string node_plain_text(const xmlNode* node) {
  if (node == nullptr) return "";
  xmlChar* content = xmlNodeGetContent(node);
  if (content == nullptr) return "";
  std::string text = fold_whitespace(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return text;
}

std::string html_to_text(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) return fold_whitespace(html);
  // The fragment is wrapped so that libxml2 does not treat leading text as a document prologue.
  std::string wrapped = "<html><body><div>" + std::string(html) + "</div></body></html>";
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(wrapped.data(), static_cast<int>(wrapped.size()), nullptr, "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                         HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED),
      &xmlFreeDoc);
  if (!doc) return fold_whitespace(html);
  return node_text(xmlDocGetRootElement(doc.get()));
}

}  // namespace dateline

// Plain text out of HTML with libxml2's HTML parser: the helpers the feed and page readers share.
#pragma once

#include <string>
#include <string_view>

#include <libxml/tree.h>

namespace dateline {

// The visible text of an HTML fragment (a feed's description or content:encoded): tags removed,
// entities decoded, script and style dropped, block elements (p, div, li, h1-h6, br, ...) turned
// into paragraph breaks (a blank line), other whitespace folded to single spaces.
std::string html_to_text(std::string_view html);

// The same for a parsed node and everything under it (comment nodes are skipped).
std::string node_text(const xmlNode* node);

// The text of a node with whitespace folded, no block structure (for titles, names, dates).
std::string node_plain_text(const xmlNode* node);

// The value of attribute `name` of `node`, or "" (also "" for a non-element node).
std::string attribute(const xmlNode* node, const char* name);

// The node's local name ("encoded" for content:encoded), "" for non-elements.
std::string_view local_name(const xmlNode* node);

}  // namespace dateline

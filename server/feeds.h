// OpenSearch description and RSS 2.0 feeds of search results: plain strings from plain data, no
// HTTP and no Xapian types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/search_request.h"

namespace dateline {

// Escapes text for XML content and attribute values (& < > " '), and drops the characters XML
// 1.0 forbids (control characters other than tab, newline and carriage return, U+FFFE, U+FFFF);
// a byte that is not well-formed UTF-8 becomes U+FFFD. The result is always well-formed XML text.
std::string xml_escape(std::string_view text);

// Percent-encodes a query parameter value (unreserved characters are kept).
std::string url_encode_param(std::string_view value);

// Unix seconds as an RFC 822 date, as RSS wants it: "Thu, 14 Mar 2024 09:30:00 +0000".
std::string format_rfc822(std::int64_t unix_seconds);

// The base URL that feed links start with, without a trailing '/': `public_url` when set, else
// "http://" + the request's Host header when that is a plausible host[:port], else
// "http://localhost".
std::string feed_base_url(std::string_view public_url, std::string_view host_header);

// The OpenSearch 1.1 description document: the search page (text/html), the RSS feed and the
// JSON API as URL templates under `base_url`.
std::string render_opensearch(std::string_view base_url);

// An RSS 2.0 channel of `response`'s hits (with OpenSearch totalResults/startIndex/itemsPerPage).
// Each item links to the article's url, or to /v1/articles/{id} when it has none; its
// description is the highlighted fragment, escaped.
std::string render_rss(const SearchResponse& response, std::string_view base_url);

}  // namespace dateline

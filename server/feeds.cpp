#include "server/feeds.h"

#include <algorithm>
#include <ctime>

#include "schema/dates.h"

namespace dateline {
namespace {

constexpr const char* kOpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";

bool plausible_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == ':' || c == '[' || c == ']';
  });
}

void element(std::string& out, const char* indent, const char* name, std::string_view text) {
  out += indent;
  out += '<';
  out += name;
  out += '>';
  out += xml_escape(text);
  out += "</";
  out += name;
  out += ">\n";
}

}  // namespace

namespace {

// The length of the well-formed UTF-8 sequence at the start of `text` and its code point, or 0
// when it is not well formed (overlong, surrogate, past U+10FFFF, truncated).
std::size_t decode_utf8(std::string_view text, char32_t& cp) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  std::size_t length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
  if (length == 0 || length > text.size()) return 0;
  cp = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

// XML 1.0's Char production: tab, newline, carriage return and U+0020..U+10FFFF less the
// surrogates, U+FFFE and U+FFFF.
bool is_xml_char(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    switch (c) {
      case '&':
        out += "&amp;";
        ++i;
        continue;
      case '<':
        out += "&lt;";
        ++i;
        continue;
      case '>':
        out += "&gt;";
        ++i;
        continue;
      case '"':
        out += "&quot;";
        ++i;
        continue;
      case '\'':
        out += "&apos;";
        ++i;
        continue;
      default:
        break;
    }
    char32_t cp = 0;
    std::size_t length = decode_utf8(text.substr(i), cp);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not well-formed UTF-8
      ++i;
      continue;
    }
    if (is_xml_char(cp)) out.append(text, i, length);
    i += length;
  }
  return out;
}

std::string url_encode_param(std::string_view value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string format_rfc822(std::int64_t unix_seconds) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string feed_base_url(std::string_view public_url, std::string_view host_header) {
  std::string base(public_url);
  if (base.empty()) {
    base = "http://" + std::string(plausible_host(host_header) ? host_header : "localhost");
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string render_opensearch(std::string_view base_url) {
  std::string base = xml_escape(base_url);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<OpenSearchDescription xmlns=\"";
  out += kOpenSearchNs;
  out += "\">\n";
  out += "  <ShortName>Dateline</ShortName>\n";
  out += "  <Description>Search the news articles of this Dateline site</Description>\n";
  out += "  <InputEncoding>UTF-8</InputEncoding>\n";
  out += "  <OutputEncoding>UTF-8</OutputEncoding>\n";
  out += "  <Url type=\"text/html\" method=\"get\" template=\"" + base +
         "/?q={searchTerms}&amp;page={startPage?}\"/>\n";
  out += "  <Url type=\"application/rss+xml\" template=\"" + base +
         "/v1/search.rss?q={searchTerms}&amp;page={startPage?}\"/>\n";
  out += "  <Url type=\"application/json\" template=\"" + base +
         "/v1/search?q={searchTerms}&amp;page={startPage?}\"/>\n";
  out += "  <Url type=\"application/opensearchdescription+xml\" rel=\"self\" template=\"" + base +
         "/opensearch.xml\"/>\n";
  out += "</OpenSearchDescription>\n";
  return out;
}

std::string render_rss(const SearchResponse& response, std::string_view base_url) {
  std::string base(base_url);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<rss version=\"2.0\" xmlns:opensearch=\"";
  out += kOpenSearchNs;
  out += "\">\n<channel>\n";
  element(out, "  ", "title",
          response.query.empty() ? "Dateline: latest articles" : "Dateline: " + response.query);
  element(out, "  ", "link", base + "/?q=" + url_encode_param(response.query));
  element(out, "  ", "description", "Search results for \"" + response.query + "\"");
  element(out, "  ", "opensearch:totalResults", std::to_string(response.total));
  element(out, "  ", "opensearch:startIndex",
          std::to_string((response.page - 1) * response.per_page + 1));
  element(out, "  ", "opensearch:itemsPerPage", std::to_string(response.per_page));
  for (const SearchHit& hit : response.hits) {
    out += "  <item>\n";
    element(out, "    ", "title", hit.title.empty() ? hit.id : hit.title);
    element(out, "    ", "link",
            hit.url.empty() ? base + "/v1/articles/" + url_encode_param(hit.id) : hit.url);
    out += "    <guid isPermaLink=\"false\">" + xml_escape(hit.id) + "</guid>\n";
    if (auto published = parse_timestamp(hit.published_at)) {
      element(out, "    ", "pubDate", format_rfc822(*published));
    }
    if (!hit.source.empty()) element(out, "    ", "category", hit.source);
    std::string description;
    for (const std::string& fragment : hit.body_fragments) {
      if (!description.empty()) description += " ";
      description += fragment;
    }
    // The fragment is HTML (escaped text with <mark>); RSS carries HTML descriptions escaped.
    if (!description.empty()) element(out, "    ", "description", description);
    out += "  </item>\n";
  }
  out += "</channel>\n</rss>\n";
  return out;
}

}  // namespace dateline

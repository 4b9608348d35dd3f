// The highlighter over hostile text: the input's first line is the query, the second the
// highlight tags ("pre|post"), the rest a title, a summary and a body separated by form feeds.
// The output must be text escaped but for the tags.
#include <cstdio>
#include <string>
#include <string_view>

#include <xapian.h>

#include "server/highlighter.h"
#include "tests/fuzz/fuzz_index.h"
#include "tests/fuzz/fuzz_target.h"

namespace {

std::string_view take_line(std::string_view& data, char separator) {
  std::size_t end = data.find(separator);
  std::string_view line = data.substr(0, end);
  data = end == std::string_view::npos ? std::string_view() : data.substr(end + 1);
  return line;
}

}  // namespace

DATELINE_FUZZ_TARGET(highlighter) {
  using namespace dateline;
  static Xapian::Database db(fuzz::fuzz_index_path());
  std::string query_text(take_line(data, '\n').substr(0, 256));
  std::string_view tags = take_line(data, '\n');
  HighlightOptions options;
  options.pre = std::string(take_line(tags, '|').substr(0, 32));
  options.post = std::string(tags.substr(0, 32));
  options.fragments = 3;
  std::string title(take_line(data, '\f'));
  std::string summary(take_line(data, '\f'));
  std::string body(data);

  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem("en"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  Xapian::Query query;
  try {
    query = parser.parse_query(query_text);
  } catch (const Xapian::QueryParserError&) {
    return;
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::MSet marks = enquire.get_mset(0, 0);
  Marker marker;
  marker.marks = &marks;
  marker.stem = Xapian::Stem("en");
  marker.snippet_stem = snippet_stemmer(marker.stem, {query});
  std::string out = highlight_title(marker, title, options);
  for (const std::string& fragment : highlight_body(marker, summary, body, options))
    out += fragment;
  // Only the tags may bring markup: with them removed, no '<' may be left.
  auto strip = [&](const std::string& tag) {
    if (tag.empty()) return;
    for (std::size_t at = out.find(tag); at != std::string::npos; at = out.find(tag, at)) {
      out.erase(at, tag.size());
    }
  };
  strip(options.pre);
  strip(options.post);
  if (options.pre.find('<') == std::string::npos && options.post.find('<') == std::string::npos &&
      out.find('<') != std::string::npos) {
    std::fprintf(stderr, "unescaped '<' in: %s\n", out.c_str());
    __builtin_trap();
  }
}

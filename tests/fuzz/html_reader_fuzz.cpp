// An HTML page (with JSON-LD, OpenGraph and boilerplate) from arbitrary bytes.
#include <sstream>
#include <string>

#include "indexer/html_reader.h"
#include "tests/fuzz/fuzz_sink.h"
#include "tests/fuzz/fuzz_target.h"

DATELINE_FUZZ_TARGET(html_reader) {
  std::istringstream in{std::string(data)};
  dateline::fuzz::DiscardingSink sink;
  dateline::read_html(in, sink, dateline::fuzz::small_limits());
}

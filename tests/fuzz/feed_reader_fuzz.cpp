// RSS and Atom from arbitrary bytes, through libxml2 with the reader's options.
#include <sstream>
#include <string>

#include "indexer/feed_reader.h"
#include "tests/fuzz/fuzz_sink.h"
#include "tests/fuzz/fuzz_target.h"

DATELINE_FUZZ_TARGET(feed_reader) {
  std::istringstream in{std::string(data)};
  dateline::fuzz::DiscardingSink sink;
  dateline::read_feed(in, sink, dateline::fuzz::small_limits());
}

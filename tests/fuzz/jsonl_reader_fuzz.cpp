// JSON Lines from arbitrary bytes: every line is an article, a delete or a rejection.
#include <sstream>
#include <string>

#include "indexer/jsonl_reader.h"
#include "tests/fuzz/fuzz_sink.h"
#include "tests/fuzz/fuzz_target.h"

DATELINE_FUZZ_TARGET(jsonl_reader) {
  std::istringstream in{std::string(data)};
  dateline::fuzz::DiscardingSink sink;
  dateline::read_jsonl(in, sink, dateline::fuzz::small_limits());
}

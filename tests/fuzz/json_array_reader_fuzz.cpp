// A JSON array from arbitrary bytes: split into elements, each parsed on its own.
#include <sstream>
#include <string>

#include "indexer/json_array_reader.h"
#include "tests/fuzz/fuzz_sink.h"
#include "tests/fuzz/fuzz_target.h"

DATELINE_FUZZ_TARGET(json_array_reader) {
  std::istringstream in{std::string(data)};
  dateline::fuzz::DiscardingSink sink;
  dateline::read_json_array(in, sink, dateline::fuzz::small_limits());
}

// CSV and TSV from arbitrary bytes: the first byte picks the delimiter, the rest is the input.
#include <sstream>
#include <string>

#include "indexer/csv_reader.h"
#include "tests/fuzz/fuzz_sink.h"
#include "tests/fuzz/fuzz_target.h"

DATELINE_FUZZ_TARGET(csv_reader) {
  std::string_view input = data;
  dateline::CsvOptions csv;
  if (!input.empty() && input.front() == '\t') {
    csv.delimiter = '\t';
    input.remove_prefix(1);
  }
  std::istringstream in{std::string(input)};
  dateline::fuzz::DiscardingSink sink;
  dateline::ReaderOptions options = dateline::fuzz::small_limits();
  options.field_map = {{"headline", "title"}, {"link", "url"}};
  dateline::read_csv(in, sink, options, csv);
}

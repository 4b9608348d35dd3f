// Reader for a JSON array of canonical articles (a CMS export, a scraped feed dump): streamed
// one element at a time, so a file of any size needs memory for one element only.
#pragma once

#include <cstddef>
#include <istream>

#include "indexer/record_emitter.h"
#include "indexer/record_sink.h"

namespace dateline {

// Reads a top-level JSON array from `in`, sending each element to `sink` as a record that starts
// at the element's first line. Elements are split by bracket and string balance before they are
// parsed, so a malformed element is rejected ("element 3: invalid JSON at column 5: ...") and the
// elements after it are still read. An element longer than options.max_record_bytes ("element 3:
// longer than N bytes") or nested deeper than options.max_json_depth ("element 3: JSON nested
// deeper than N levels") is rejected unparsed. Field mapping, UTF-8 repair and caps apply as in
// every reader. Returns the number of elements read.
std::size_t read_json_array(std::istream& in, RecordSink& sink, const ReaderOptions& options = {});

}  // namespace dateline

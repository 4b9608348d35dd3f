// Reader for CSV and TSV exports with a header row (RFC 4180 quoting).
#pragma once

#include <cstddef>
#include <istream>

#include "indexer/record_emitter.h"
#include "indexer/record_sink.h"

namespace dateline {

struct CsvOptions {
  char delimiter = ',';  // '\t' for TSV
  char quote = '"';
};

// Reads a header row and then one record per row. Fields may be quoted; a quoted field may hold
// delimiters, doubled quotes ("") and line breaks, so a record can span lines: it is reported at
// its first line. Columns are named by the header; options.field_map renames them ("headline" ->
// "title"), names that are canonical fields are used as such, and the others are stored as extra
// fields. Empty cells are left out. The cells for `authors` and `tags` are split on ';'. A row
// with another number of fields than the header, an unclosed quote or text after a closing quote
// is rejected. A record longer than options.max_record_bytes is rejected ("record is longer than
// N bytes") without being held whole: an unclosed quote costs the record it opens and the lines
// up to the limit, and reading resumes at the line after the one where the limit was crossed.
// A header of more than 10,000 columns is rejected. Returns the number of records read (not
// counting the header).
std::size_t read_csv(std::istream& in, RecordSink& sink, const ReaderOptions& options = {},
                     const CsvOptions& csv = {});

}  // namespace dateline

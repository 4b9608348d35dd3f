#include "indexer/csv_reader.h"

#include <string>
#include <vector>

namespace dateline {
namespace {

// More columns than this in the header is not a news export; the bound keeps a row of commas
// from costing a string per comma.
constexpr std::size_t kMaxColumns = 10000;

struct Row {
  std::vector<std::string> fields;  // the first `max_fields` of them (see RowReader)
  std::size_t field_count = 0;      // all of them
  std::size_t line = 0;             // the row's first line
  std::string raw;                  // the row's text, without its line break
  std::string error;                // why the row cannot be read, or ""
};

class RowReader {
 public:
  // Rows are cut at `max_bytes` of text: see next().
  RowReader(std::istream& in, const CsvOptions& csv, std::size_t max_bytes)
      : buf_(*in.rdbuf()), csv_(csv), max_bytes_(max_bytes) {}

  // Fields past the first `n` of a row are counted, not kept.
  void set_max_fields(std::size_t n) { max_fields_ = n; }

  // Reads the next row; false at the end of input. A row whose text grows past `max_bytes` (an
  // unclosed quote swallows the lines after it) ends with the physical line where it crossed
  // the limit, with row.error saying so; the next row starts on the line after that.
  bool next(Row& row) {
    row.fields.clear();
    row.field_count = 0;
    row.raw.clear();
    row.error.clear();
    row.line = line_;
    if (buf_.sgetc() == EOF) return false;
    std::string field;
    bool quoted = false;       // the current field started with a quote
    bool in_quotes = false;    // inside quotes now
    bool after_quote = false;  // the closing quote has been seen
    while (true) {
      if (row.raw.size() > max_bytes_) {
        if (row.raw.back() != '\n') skip_line();
        row.error = "record is longer than " + std::to_string(max_bytes_) + " bytes";
        row.fields.clear();
        return true;
      }
      int c = buf_.sbumpc();
      if (c == EOF) {
        if (in_quotes) row.error = "quoted field is not closed";
        break;
      }
      if (c == '\n') ++line_;
      char ch = static_cast<char>(c);
      if (in_quotes) {
        row.raw += ch;
        if (ch == csv_.quote) {
          if (buf_.sgetc() == csv_.quote) {
            row.raw += static_cast<char>(buf_.sbumpc());
            field += csv_.quote;
          } else {
            in_quotes = false;
            after_quote = true;
          }
        } else {
          field += ch;
        }
        continue;
      }
      if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && buf_.sgetc() == '\n') {
          buf_.sbumpc();
          ++line_;
        }
        break;
      }
      row.raw += ch;
      if (ch == csv_.delimiter) {
        add_field(row, field);
        quoted = in_quotes = after_quote = false;
      } else if (ch == csv_.quote && field.empty() && !quoted) {
        quoted = in_quotes = true;
      } else if (after_quote) {
        if (row.error.empty()) row.error = "text after a closing quote";
      } else {
        field += ch;
      }
    }
    add_field(row, field);
    return true;
  }

 private:
  void add_field(Row& row, std::string& field) {
    ++row.field_count;
    if (row.fields.size() < max_fields_) row.fields.push_back(std::move(field));
    field.clear();
  }

  // Consumes the rest of the physical line, its '\n' included.
  void skip_line() {
    int c;
    while ((c = buf_.sbumpc()) != EOF && c != '\n') {
    }
    if (c == '\n') ++line_;
  }

  std::streambuf& buf_;
  CsvOptions csv_;
  std::size_t max_bytes_;
  std::size_t max_fields_ = kMaxColumns + 1;
  std::size_t line_ = 1;
};

bool is_blank_row(const Row& row) {
  return row.field_count == 1 && row.fields[0].find_first_not_of(" \t") == std::string::npos;
}

std::vector<std::string> split_list(const std::string& cell) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= cell.size()) {
    std::size_t end = cell.find(';', start);
    if (end == std::string::npos) end = cell.size();
    std::string item = cell.substr(start, end - start);
    if (item.find_first_not_of(" \t") != std::string::npos) items.push_back(item);
    start = end + 1;
  }
  return items;
}

}  // namespace

std::size_t read_csv(std::istream& in, RecordSink& sink, const ReaderOptions& options,
                     const CsvOptions& csv) {
  RowReader reader(in, csv, options.max_record_bytes);
  Row row;
  std::vector<std::string> columns;
  while (reader.next(row)) {  // the header: the first row that is not blank
    if (is_blank_row(row)) continue;
    if (!row.error.empty()) {
      sink.on_reject_raw(row.line, "header row: " + row.error,
                         std::string_view(row.raw).substr(0, 4096));
      return 0;
    }
    if (row.field_count > kMaxColumns) {
      sink.on_reject_raw(row.line,
                         "header row: more than " + std::to_string(kMaxColumns) + " columns",
                         std::string_view(row.raw).substr(0, 4096));
      return 0;
    }
    columns = row.fields;
    if (!columns.empty() && columns[0].rfind("\xEF\xBB\xBF", 0) == 0) columns[0].erase(0, 3);
    for (std::string& column : columns) {
      if (std::size_t repaired = repair_utf8(column)) sink.on_repair(row.line, repaired);
      for (const auto& [from, to] : options.field_map) {
        if (column == from) column = to;
      }
    }
    break;
  }
  if (columns.empty()) return 0;
  reader.set_max_fields(columns.size());
  ReaderOptions unmapped = options;
  unmapped.field_map.clear();  // applied to the header already
  std::size_t records = 0;
  while (reader.next(row)) {
    if (is_blank_row(row)) continue;
    ++records;
    if (row.raw.size() > options.max_record_bytes) {
      sink.on_reject_raw(
          row.line, "record is longer than " + std::to_string(options.max_record_bytes) + " bytes",
          std::string_view(row.raw).substr(0, 4096));
      continue;
    }
    if (!row.error.empty()) {
      sink.on_reject_raw(row.line, row.error, row.raw);
      continue;
    }
    if (row.field_count != columns.size()) {
      sink.on_reject_raw(row.line,
                         "row has " + std::to_string(row.field_count) + " fields; the header has " +
                             std::to_string(columns.size()),
                         row.raw);
      continue;
    }
    std::size_t repaired = 0;
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      std::string& cell = row.fields[i];
      repaired += repair_utf8(cell);
      if (cell.empty()) continue;
      if (columns[i] == "authors" || columns[i] == "tags") {
        object[columns[i]] = split_list(cell);
      } else {
        object[columns[i]] = std::move(cell);
      }
    }
    if (repaired > 0) {
      sink.on_repair(row.line, repaired);
      repair_utf8(row.raw);
    }
    emit_object(std::move(object), row.line, row.raw, sink, unmapped);
  }
  return records;
}

}  // namespace dateline

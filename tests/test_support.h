// Helpers shared by the unit tests: a private temporary directory per fixture, and small
// builders for indexes made from inline JSON Lines.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "schema/schema.h"

namespace dateline::test {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str(const std::string& child = "") const;

  // Writes `content` to a file in the directory and returns its path.
  std::string write_file(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// The schema in schema/news.json.
const Schema& news_schema();

// Path of a file under the source tree's tests/data/.
std::string data_path(const std::string& name);

// Path of a file under the source tree's data/sample/ (the bundled sample articles).
std::string sample_path(const std::string& name);

// The whole content of a file; "" when it cannot be read.
std::string read_file(const std::string& path);

// Indexes JSON Lines text into `db_path` (created when absent) with the news schema, or with
// `schema`.
void index_jsonl(const std::string& db_path, const std::string& jsonl);
void index_jsonl(const std::string& db_path, const std::string& jsonl, const Schema& schema);

}  // namespace dateline::test

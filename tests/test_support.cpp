#include "tests/test_support.h"

#include <fstream>
#include <random>
#include <sstream>

#include "indexer/index_job.h"

namespace dateline::test {

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = std::filesystem::temp_directory_path() /
                     ("dateline-test-" + std::to_string(rd()) + std::to_string(rd()));
    if (std::filesystem::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::str(const std::string& child) const {
  return child.empty() ? path_.string() : (path_ / child).string();
}

std::string TempDir::write_file(const std::string& name, const std::string& content) const {
  std::string file = str(name);
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

const Schema& news_schema() {
  static const Schema kSchema =
      load_schema_file(std::string(DATELINE_SOURCE_DIR) + "/schema/news.json");
  return kSchema;
}

std::string data_path(const std::string& name) {
  return std::string(DATELINE_SOURCE_DIR) + "/tests/data/" + name;
}

std::string sample_path(const std::string& name) {
  return std::string(DATELINE_SOURCE_DIR) + "/data/sample/" + name;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void index_jsonl(const std::string& db_path, const std::string& jsonl) {
  index_jsonl(db_path, jsonl, news_schema());
}

void index_jsonl(const std::string& db_path, const std::string& jsonl, const Schema& schema) {
  TempDir dir;
  std::string file = dir.write_file("input.jsonl", jsonl);
  run_index_job(db_path, schema, {file}, IndexOptions{}, nullptr);
}

}  // namespace dateline::test

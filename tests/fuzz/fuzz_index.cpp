#include "tests/fuzz/fuzz_index.h"

#include <memory>

#include "tests/test_support.h"

namespace dateline::fuzz {

const std::string& fuzz_index_path() {
  static const std::unique_ptr<test::TempDir> dir = [] {
    auto made = std::make_unique<test::TempDir>();
    test::index_jsonl(made->str("db"), test::read_file(test::data_path("mini.jsonl")));
    return made;
  }();
  static const std::string path = dir->str("db");
  return path;
}

}  // namespace dateline::fuzz

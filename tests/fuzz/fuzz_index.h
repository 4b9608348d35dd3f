// A small index for the fuzz targets that search: tests/data/mini.jsonl, indexed once per
// process into a temporary directory that is removed at exit.
#pragma once

#include <string>

namespace dateline::fuzz {

// The index's path; built on first use.
const std::string& fuzz_index_path();

}  // namespace dateline::fuzz

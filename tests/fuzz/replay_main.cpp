// The replay driver: runs every fuzz target over every file of its corpus directory, so the
// seeds and each crash ever found are re-checked by the ordinary (and sanitizer) test builds.
//
//   dateline_fuzz_replay CORPUS_ROOT [TARGET...]
//
// Each target needs CORPUS_ROOT/<target>/ with at least one file. Prints one line per target and
// a closing "N passed, N failed"; exits 1 if a corpus is missing (a crash aborts the process,
// naming the input first).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_target.h"

namespace dateline::fuzz {

namespace {

std::map<std::string, TargetFunction>& targets() {
  static std::map<std::string, TargetFunction> table;
  return table;
}

}  // namespace

bool register_target(const char* name, TargetFunction function) {
  targets().emplace(name, function);
  return true;
}

}  // namespace dateline::fuzz

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::cerr << "usage: dateline_fuzz_replay CORPUS_ROOT [TARGET...]\n";
    return 2;
  }
  fs::path root = argv[1];
  std::vector<std::string> wanted(argv + 2, argv + argc);
  int passed = 0;
  int failed = 0;
  for (const auto& [name, function] : dateline::fuzz::targets()) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
    std::vector<fs::path> inputs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root / name, ec)) {
      if (entry.is_regular_file()) inputs.push_back(entry.path());
    }
    std::sort(inputs.begin(), inputs.end());
    if (inputs.empty()) {
      std::cerr << name << ": no corpus in " << (root / name).string() << "\n";
      ++failed;
      continue;
    }
    for (const fs::path& input : inputs) {
      std::ifstream in(input, std::ios::binary);
      std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::cerr << "replay " << name << " " << input.filename().string() << "\n";
      function(data);
    }
    std::cout << name << ": " << inputs.size() << " inputs replayed\n";
    ++passed;
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

// One fuzz target: a function of one input that must neither crash, hang nor trip a sanitizer,
// whatever the bytes.
//
//   DATELINE_FUZZ_TARGET(jsonl_reader) { std::istringstream in{std::string(data)}; ... }
//
// Built by the fuzz preset (clang, DATELINE_LIBFUZZER) each target is its own libFuzzer binary
// (`fuzz_jsonl_reader`); scripts/fuzz runs them. In the ordinary builds every target is linked
// into one replay driver (tests/fuzz/replay_main.cpp), which runs each over its corpus,
// tests/fuzz/<name>/: the seeds and every crash ever found, kept as regression inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dateline::fuzz {

using TargetFunction = void (*)(std::string_view data);

// Adds a target to the replay driver's table; returns true (for static initialisation).
bool register_target(const char* name, TargetFunction function);

}  // namespace dateline::fuzz

#ifdef DATELINE_LIBFUZZER
#define DATELINE_FUZZ_TARGET(name)                                                      \
  static void dateline_fuzz_##name(std::string_view data);                              \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {  \
    dateline_fuzz_##name(std::string_view(reinterpret_cast<const char*>(bytes), size)); \
    return 0;                                                                           \
  }                                                                                     \
  static void dateline_fuzz_##name(std::string_view data)
#else
#define DATELINE_FUZZ_TARGET(name)                                     \
  static void dateline_fuzz_##name(std::string_view data);             \
  [[maybe_unused]] static const bool dateline_fuzz_registered_##name = \
      ::dateline::fuzz::register_target(#name, &dateline_fuzz_##name); \
  static void dateline_fuzz_##name(std::string_view data)
#endif

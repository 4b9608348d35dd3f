# What keeps the from-scratch build of the test run short (issue 22; the figures are in
# docs/BENCHMARKS.md): precompiled headers, and test code compiled without optimisation. The
# presets add Ninja, and CMakeLists.txt links with lld when it is installed.
#
# Precompiled headers for the heavy third-party headers that most translation units include.
# Xapian, nlohmann/json and Boost.Test cost a second or more of parsing in every unit that sees
# them; compiled once per target instead, they stop dominating the build (issue 22: the test run
# builds everything from scratch on 2 cores).
#
# A precompiled header is included ahead of every source of the target, so a source that forgets
# one of these includes still builds; configure with -DDATELINE_PCH=OFF to check includes.
option(DATELINE_PCH "Precompile the heavy third-party headers" ON)

set(DATELINE_PCH_STD
  <algorithm> <chrono> <cstdint> <filesystem> <functional> <map> <memory> <optional> <set>
  <string> <string_view> <unordered_map> <utility> <vector>)

# dateline_precompile(TARGET [XAPIAN] [BEAST] [CLI] [TEST]): the standard set plus nlohmann/json;
# XAPIAN adds Xapian, BEAST Boost.Beast's HTTP headers, CLI CLI11 and TEST Boost.Test. A target
# asks only for what its layer may use (CMakeLists.txt).
function(dateline_precompile target)
  if(NOT DATELINE_PCH)
    return()
  endif()
  cmake_parse_arguments(PCH "XAPIAN;BEAST;CLI;TEST" "" "" ${ARGN})
  set(headers ${DATELINE_PCH_STD} <nlohmann/json.hpp>)
  if(PCH_XAPIAN)
    list(APPEND headers <xapian.h>)
  endif()
  if(PCH_BEAST)
    list(APPEND headers <boost/beast/core.hpp> <boost/beast/http.hpp>)
  endif()
  if(PCH_CLI)
    list(APPEND headers <CLI/CLI.hpp>)
  endif()
  if(PCH_TEST)
    list(APPEND headers <boost/test/unit_test.hpp>)
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

# Test code is compiled without optimisation in every build: it is more than half of what the
# test run compiles, optimising it roughly doubles its compile time, and its own speed does not
# matter (the code under test keeps its preset's flags, sanitizers stay on everywhere).
#
# Its sources are also compiled in batches (a unity build): every test file instantiates the same
# Boost.Test and nlohmann templates, and a batch generates that code once instead of once per
# file. Test files therefore keep their helpers in distinct names or in fixtures.
function(dateline_test_code target)
  target_compile_options(${target} PRIVATE -O0)
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  # In a batch each test file is an included file, and GCC warns about every fixture that lives
  # in an anonymous namespace, which is where a test file's fixtures belong.
  target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
endfunction()

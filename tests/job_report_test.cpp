#include "cli/job_report.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;
using namespace dateline::cli;

BOOST_AUTO_TEST_SUITE(job_report)

BOOST_AUTO_TEST_CASE(progress_lines_show_rate_bytes_and_eta) {
  JobProgress p;
  p.records = 1200;
  p.seconds = 4;
  p.bytes_done = 12'000'000;
  p.bytes_total = 48'000'000;
  BOOST_TEST(progress_to_text(p) == "1200 records, 300/s, 12.0 of 48.0 MB (25%), ETA 0:12");
  p.bytes_total = 0;  // stdin: size unknown
  BOOST_TEST(progress_to_text(p) == "1200 records, 300/s, 12.0 MB");
}

BOOST_AUTO_TEST_SUITE_END()

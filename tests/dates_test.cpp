#include "schema/dates.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace dateline;
namespace data = boost::unit_test::data;

BOOST_AUTO_TEST_SUITE(dates)

// 2024-03-14T09:30:00Z
constexpr std::int64_t kT = 1710408600;

const char* const kSameInstant[] = {
    "2024-03-14T09:30:00Z",
    "2024-03-14T09:30:00.250Z",
    "2024-03-14 09:30:00+00:00",
    "2024-03-14T10:30:00+01:00",
    "2024-03-14T04:30:00-0500",
    "2024-03-14T09:30",
    "Thu, 14 Mar 2024 09:30:00 +0000",
    "14 Mar 2024 09:30:00 GMT",
    "Thu, 14 Mar 2024 05:30:00 EDT",
    "1710408600",
};

BOOST_DATA_TEST_CASE(parses_every_supported_form, data::make(kSameInstant), text) {
  auto t = parse_timestamp(text);
  BOOST_TEST_REQUIRE(t.has_value(), text);
  BOOST_TEST(*t == kT);
}

const char* const kBad[] = {"",
                            "yesterday",
                            "2024-02-30",
                            "2024-13-01",
                            "2024-03-14T25:00:00Z",
                            "2024-03-14T09:30:00+25:00",
                            "Thu, 14 Foo 2024 09:30:00 GMT",
                            "14 Mar 2024 09:30 XYZ",
                            "2024/03/14"};

BOOST_DATA_TEST_CASE(rejects_malformed_or_impossible_dates, data::make(kBad), text) {
  BOOST_TEST(!parse_timestamp(text).has_value(), text);
}

BOOST_AUTO_TEST_CASE(date_only_is_midnight_utc) {
  BOOST_TEST(*parse_timestamp("2024-03-14") == kT - 9 * 3600 - 30 * 60);
}

BOOST_AUTO_TEST_CASE(formats_rfc3339_utc) {
  BOOST_TEST(format_rfc3339(kT) == "2024-03-14T09:30:00Z");
  BOOST_TEST(format_rfc3339(0) == "1970-01-01T00:00:00Z");
  BOOST_TEST(format_rfc3339(-86400) == "1969-12-31T00:00:00Z");
  BOOST_TEST(format_yyyymmdd(kT) == "20240314");
}

BOOST_AUTO_TEST_SUITE_END()

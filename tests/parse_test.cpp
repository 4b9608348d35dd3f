#include "core/parse.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;

BOOST_AUTO_TEST_SUITE(core_parse)

BOOST_AUTO_TEST_CASE(integers_are_whole_decimal_numbers_in_range) {
  BOOST_TEST(parse_integer<int>("42").value() == 42);
  BOOST_TEST(!parse_integer<int>(""));
  BOOST_TEST(!parse_integer<int>("4x"));
  BOOST_TEST(!parse_integer<int>("99999999999"));
  BOOST_TEST(!parse_integer<unsigned>("-1"));
}

BOOST_AUTO_TEST_CASE(booleans_take_words_and_digits) {
  for (const char* yes : {"true", "1", "yes", "on"}) BOOST_TEST(parse_bool(yes).value());
  for (const char* no : {"false", "0", "no", "off"}) BOOST_TEST(!parse_bool(no).value());
  BOOST_TEST(!parse_bool("maybe"));
  BOOST_TEST(!parse_bool(""));
}

BOOST_AUTO_TEST_CASE(lists_are_trimmed_and_skip_empty_items) {
  BOOST_TEST(split_list(" a, b ,\tc,,") == (std::vector<std::string>{"a", "b", "c"}));
  BOOST_TEST(split_list("").empty());
}

BOOST_AUTO_TEST_CASE(durations_take_only_the_units_given) {
  BOOST_TEST(parse_duration("7d", {"h", "d"})->seconds() == 7 * 86400.0);
  BOOST_TEST(parse_duration("250ms", {"ms", "s"}, true)->amount == 250.0);
  BOOST_TEST(parse_duration("1.5", {"", "s"}, true)->seconds() == 1.5);
  BOOST_TEST(!parse_duration("1.5d", {"d"}));
  BOOST_TEST(!parse_duration("3y", {"h", "d"}));
  BOOST_TEST(!parse_duration("d", {"d"}));
  BOOST_TEST(!parse_duration("5", {"d"}));
}

BOOST_AUTO_TEST_SUITE_END()

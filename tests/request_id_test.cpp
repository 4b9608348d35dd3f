#include "server/request_id.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace dateline;
namespace data = boost::unit_test::data;

BOOST_AUTO_TEST_SUITE(request_id)

static const char* kValid[] = {"abc", "0f3a-99", "req_1.2:3", "A"};
BOOST_DATA_TEST_CASE(sane_ids_are_kept, data::make(kValid), id) {
  BOOST_TEST(is_valid_request_id(id));
  BOOST_TEST(choose_request_id(id) == std::string(id));
}

static const char* kInvalid[] = {"",           "has space",   "quote\"", "new\nline",
                                 "semi;colon", "caf\xc3\xa9", "a/b"};
BOOST_DATA_TEST_CASE(unsafe_ids_are_replaced, data::make(kInvalid), id) {
  BOOST_TEST(!is_valid_request_id(id));
  std::string chosen = choose_request_id(id);
  BOOST_TEST(chosen != std::string(id));
  BOOST_TEST(is_valid_request_id(chosen));
}

BOOST_AUTO_TEST_CASE(length_is_bounded) {
  BOOST_TEST(is_valid_request_id(std::string(kMaxRequestIdBytes, 'x')));
  BOOST_TEST(!is_valid_request_id(std::string(kMaxRequestIdBytes + 1, 'x')));
}

BOOST_AUTO_TEST_CASE(new_ids_are_16_hex_digits_and_differ) {
  std::string a = new_request_id(), b = new_request_id();
  BOOST_TEST(a.size() == 16u);
  BOOST_TEST(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  BOOST_TEST(a != b);
}

BOOST_AUTO_TEST_SUITE_END()

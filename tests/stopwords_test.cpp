#include "query/stopwords.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;

BOOST_AUTO_TEST_SUITE(stopwords)

BOOST_AUTO_TEST_CASE(lists_for_english_and_german) {
  const Xapian::Stopper* en = stopper_for("en");
  BOOST_TEST_REQUIRE(en != nullptr);
  BOOST_TEST((*en)("the"));
  BOOST_TEST((*en)("whether"));
  BOOST_TEST(!(*en)("harbour"));
  BOOST_TEST(!(*en)("not"));  // "not guilty" is not "guilty"
  const Xapian::Stopper* de = stopper_for("de");
  BOOST_TEST_REQUIRE(de != nullptr);
  BOOST_TEST((*de)("der"));
  BOOST_TEST((*de)("über"));  // compared in lower-case UTF-8, as the parser passes words
  BOOST_TEST(!(*de)("hafen"));
  BOOST_TEST(!(*de)("the"));
}

BOOST_AUTO_TEST_CASE(no_list_no_stopping) {
  BOOST_TEST(stopper_for("fr") == nullptr);
  BOOST_TEST(stopper_for("") == nullptr);
  BOOST_TEST(stopper_for("EN") == nullptr);  // callers pass lower-case codes
}

BOOST_AUTO_TEST_SUITE_END()

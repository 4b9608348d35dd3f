#include "query/query_case.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;

BOOST_AUTO_TEST_SUITE(query_case)

BOOST_AUTO_TEST_CASE(lowercases_shouted_queries) {
  BOOST_TEST(unshout_query("KENNEDY ADMINISTRATION PRESSURE ON DIEM") ==
             "kennedy administration pressure on diem");
  BOOST_TEST(unshout_query("WATER RATIONING, DUNMORE.") == "water rationing, dunmore.");
  BOOST_TEST(unshout_query("ÜBER DIE HAFENBEHÖRDE") == "über die hafenbehörde");
}

BOOST_AUTO_TEST_CASE(reads_shouted_operators_as_words_and_keeps_spacing) {
  BOOST_TEST(unshout_query("WATER AND RATIONING NOT DUNMORE") == "water and rationing not dunmore");
  BOOST_TEST(unshout_query("CENTRAL NEAR/3 BANK OR RATE XOR ADJ/2 X") ==
             "central near/3 bank or rate xor adj/2 x");
  BOOST_TEST(unshout_query("OIL AND GAS") == "oil and gas");
  BOOST_TEST(unshout_query("OIL AND") == "OIL AND");  // two words: as typed
  BOOST_TEST(unshout_query("  TITLE:RATE   \"CENTRAL BANK\"\t(HOLDS) ") ==
             "  title:rate   \"central bank\"\t(holds) ");
}

BOOST_AUTO_TEST_CASE(reads_lower_case_initialisms_in_both_forms) {
  BOOST_TEST(read_initialisms("u.s. trade") == "(U.S. OR u.s.) trade");
  BOOST_TEST(read_initialisms("cut u.k, u.s.a. ratings") ==
             "cut (U.K OR u.k), (U.S.A. OR u.s.a.) ratings");
  // In a phrase, after a field name or a sign, or joined to other text: in capitals.
  BOOST_TEST(read_initialisms("\"u.s. trade\" -e.u. title:u.n. u.s.-made") ==
             "\"U.S. trade\" -E.U. title:U.N. U.S.-made");
  for (const std::string q : {"U.S. trade", "a. smith", "3.5 pct", "www.example.com", "e.coli",
                              "ab.cd.", "x.y2", "title:u", "", "..", "u.s"}) {
    if (q == "u.s") continue;
    BOOST_TEST(read_initialisms(q) == q, q);
  }
  BOOST_TEST(read_initialisms("u.s") == "(U.S OR u.s)");
}

BOOST_AUTO_TEST_CASE(leaves_other_queries_alone) {
  for (const char* q : {"NASA", "AIDS research", "EU TRADE", "Central Bank Holds",
                        "water rationing NOW", "2024 3.5 %", "", "   "}) {
    BOOST_TEST(unshout_query(q) == q);
  }
}

BOOST_AUTO_TEST_CASE(strips_the_names_of_given_fields) {
  const std::set<std::string> names{"title", "author"};
  BOOST_TEST(strip_field_names("+title:\"port strike\" author:ruiz", names) ==
             "+\"port strike\" ruiz");
  BOOST_TEST(strip_field_names("(title:strike OR -author:li)", names) == "(strike OR -li)");
  // Other names, names inside quotes or words, and a name with nothing after it stay.
  for (const std::string q :
       {"source:ledger", "\"title:strike\"", "subtitle:x", "title: x", "title:", "harbour"}) {
    BOOST_TEST(strip_field_names(q, names) == q);
  }
}

BOOST_AUTO_TEST_SUITE_END()

#include "core/text.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(html_escape_escapes_markup_characters) {
  BOOST_TEST(html_escape("<script>alert('x') & \"y\"</script>") ==
             "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
}

BOOST_AUTO_TEST_CASE(utf8_validation_rejects_malformed_sequences) {
  BOOST_TEST(is_valid_utf8("Grüße, 東京 🚀"));
  BOOST_TEST(!is_valid_utf8("caf\xE9"));           // Latin-1
  BOOST_TEST(!is_valid_utf8("\xC0\xAF"));          // overlong '/'
  BOOST_TEST(!is_valid_utf8("\xED\xA0\x80"));      // surrogate
  BOOST_TEST(!is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  BOOST_TEST(!is_valid_utf8("abc\xE2\x82"));       // truncated
}

BOOST_AUTO_TEST_CASE(utf8_prefix_never_splits_a_character) {
  std::string s = "aü";  // 'ü' is two bytes
  BOOST_TEST(utf8_prefix(s, 2) == "a");
  BOOST_TEST(utf8_prefix(s, 3) == "aü");
}

BOOST_AUTO_TEST_CASE(make_lead_cuts_at_words_and_sentences) {
  BOOST_TEST(make_lead("Short text.", 100) == "Short text.");
  BOOST_TEST(make_lead("One  two\nthree four five six", 16) == "One two three\u2026");
  BOOST_TEST(make_lead("The first sentence ends. Then more words follow here", 30) ==
             "The first sentence ends.");
}

BOOST_AUTO_TEST_CASE(slugify_normalises_keyword_values) {
  BOOST_TEST(slugify("The Harbor Ledger") == "the-harbor-ledger");
  BOOST_TEST(slugify("  Süd Kurier!! ") == "süd-kurier");
  BOOST_TEST(slugify("U.S. Politics") == "u-s-politics");
  BOOST_TEST(slugify("---") == "");
}

BOOST_AUTO_TEST_SUITE_END()

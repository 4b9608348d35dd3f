#include "indexer/stem_cache.h"

#include <boost/test/unit_test.hpp>

#include "index/terms.h"

using namespace dateline;

BOOST_AUTO_TEST_SUITE(stem_cache)

BOOST_AUTO_TEST_CASE(gives_the_stems_of_the_stemmer_it_wraps) {
  const std::vector<std::string> words = {"companies", "said", "running",      "company", "said",
                                          "offerings", "",     "caf\xc3\xa9s", "running", "ran"};
  for (const char* language : {"en", "de", "fr"}) {
    Xapian::Stem plain = stemmer_for(language);
    Xapian::Stem cached = caching_stemmer(plain, 3);  // full after three words
    for (int round = 0; round < 2; ++round) {
      for (const std::string& word : words) BOOST_TEST(cached(word) == plain(word), word);
    }
  }
}

BOOST_AUTO_TEST_CASE(no_stemmer_stays_none) {
  BOOST_TEST(caching_stemmer(Xapian::Stem()).is_none());
  BOOST_TEST(caching_stemmer(stemmer_for("xx")).is_none());
}

BOOST_AUTO_TEST_SUITE_END()

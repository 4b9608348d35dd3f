#include "query/synonyms.h"

#include <fstream>

#include <boost/test/unit_test.hpp>

#include "server/search_service.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

const char* const kFile =
    "# equivalents\n"
    "us, United States, u.s.\n"
    "\n"
    "ev, electric vehicle\n"
    "lonely\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(synonyms)

BOOST_AUTO_TEST_CASE(expands_words_and_phrases_longest_first) {
  SynonymTable t = SynonymTable::parse(kFile);
  BOOST_TEST(t.expand("us trade") == "(us OR \"united states\" OR u.s.) trade");
  BOOST_TEST(t.expand("United  States") == "United  States");  // two spaces: not the phrase
  BOOST_TEST(t.expand("united states exports") == "(us OR \"united states\" OR u.s.) exports");
  BOOST_TEST(t.expand("EV sales") == "(ev OR \"electric vehicle\") sales");
}

BOOST_AUTO_TEST_CASE(leaves_syntax_alone) {
  SynonymTable t = SynonymTable::parse(kFile);
  BOOST_TEST(t.expand("\"us trade\" title:us") == "\"us trade\" title:us");
  BOOST_TEST(t.expand("trade NOT us") == "trade NOT (us OR \"united states\" OR u.s.)");
  BOOST_TEST(t.expand("nothing here") == "nothing here");
  BOOST_TEST(SynonymTable::parse("lonely\n,\n").empty());
}

BOOST_AUTO_TEST_CASE(search_uses_and_reloads_the_file) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), R"({"id":"1","title":"Electric vehicle sales double"})"
                                   "\n"
                                   R"({"id":"2","title":"Harbour dues rise"})");
  std::string file = dir.write_file("synonyms.txt", "# none yet\n");
  ServiceOptions options;
  options.synonyms_path = file;
  options.synonyms_check_interval = std::chrono::milliseconds(0);
  SearchService service(dir.str("db"), options);
  SearchRequest r;
  r.q = "ev";
  BOOST_TEST(service.search(r).hits.empty());
  {
    std::ofstream out(file);
    out << "ev, electric vehicle\n";
  }
  std::filesystem::last_write_time(
      file, std::filesystem::file_time_type::clock::now() + std::chrono::seconds(5));
  BOOST_TEST(service.search(r).hits.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

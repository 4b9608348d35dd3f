// read_stored_hit: the fields a hit shows, from an article's stored JSON.
#include "server/stored_hit.h"

#include <boost/test/unit_test.hpp>

#include "core/error.h"

using namespace dateline;

BOOST_AUTO_TEST_SUITE(stored_hit)

BOOST_AUTO_TEST_CASE(reads_every_field_a_hit_shows_and_skips_the_rest) {
  StoredHit hit = read_stored_hit(
      R"({"id":"a-1","url":"https://news.example/a-1","title":"Caf\u00e9 \"strike\" ends",)"
      R"("tags":["x",{"deep":[1,2,{"y":null}]}],"summary":"Short.\nSecond line.",)"
      R"("body":"Body <b>&amp;</b> text \ud83d\ude80","authors":["Ana Ruiz","Bo Li"],)"
      R"("source":"Wire","section":"World","published_at":"2026-11-27T10:00:00Z",)"
      R"("language":"en","story":{"id":7}})");
  BOOST_TEST(hit.id == "a-1");
  BOOST_TEST(hit.url == "https://news.example/a-1");
  BOOST_TEST(hit.title == "Café \"strike\" ends");
  BOOST_TEST(hit.summary == "Short.\nSecond line.");
  BOOST_TEST(hit.body == "Body <b>&amp;</b> text 🚀");
  BOOST_TEST(hit.source == "Wire");
  BOOST_TEST(hit.section == "World");
  BOOST_TEST(hit.published_at == "2026-11-27T10:00:00Z");
  BOOST_TEST(hit.authors == (std::vector<std::string>{"Ana Ruiz", "Bo Li"}));
}

BOOST_AUTO_TEST_CASE(missing_and_mistyped_fields_are_left_empty) {
  StoredHit hit =
      read_stored_hit(R"({"id":"b","title":42,"body":null,"published_at":1700000000,)"
                      R"("authors":["Ana",7,null,"",["x"],"Bo"],"section":{"name":"x"}})");
  BOOST_TEST(hit.id == "b");
  BOOST_TEST(hit.title.empty());
  BOOST_TEST(hit.body.empty());
  BOOST_TEST(hit.published_at.empty());
  BOOST_TEST(hit.section.empty());
  BOOST_TEST(hit.url.empty());
  BOOST_TEST(hit.authors == (std::vector<std::string>{"Ana", "", "Bo"}));
  BOOST_TEST(read_stored_hit(R"({"authors":"Ana"})").authors.empty());
  BOOST_TEST(read_stored_hit("{}").id.empty());
}

BOOST_AUTO_TEST_CASE(data_that_is_not_a_json_object_is_an_internal_error) {
  for (const char* data : {"", "[1,2]", "\"text\"", "42", "{\"id\":", "{\"id\" \"x\"}",
                           "{\"id\":\"x\xff\"}", "not json"}) {
    BOOST_CHECK_EXCEPTION(read_stored_hit(data), Error,
                          [](const Error& e) { return e.kind() == ErrorKind::kInternal; });
  }
}

BOOST_AUTO_TEST_SUITE_END()

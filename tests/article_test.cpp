#include "schema/article.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;
using nlohmann::json;

namespace {

Record parse(const std::string& text) { return record_from_json(json::parse(text), "en"); }

std::string reason(const std::string& text) {
  Record r = parse(text);
  const auto* rejection = std::get_if<Rejection>(&r);
  return rejection ? rejection->reason : "(accepted)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(article)

BOOST_AUTO_TEST_CASE(accepts_a_full_article) {
  Record r = parse(R"({"id":"a1","url":"https://x.example/a1","title":" Port  expands ",
    "summary":"S","body":"B","authors":"Ana Ruiz","source":"Ledger","section":"Business",
    "tags":["port","trade"],"language":"en-GB","published_at":"2024-03-14T10:30:00+01:00",
    "image_url":"https://x.example/a.jpg","wire_id":77})");
  const Article* a = std::get_if<Article>(&r);
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST(a->id == "a1");
  BOOST_TEST(a->title == "Port expands");
  BOOST_TEST(a->authors == std::vector<std::string>{"Ana Ruiz"});
  BOOST_TEST(a->language == "en");
  BOOST_TEST(*a->published_at == 1710408600);
  BOOST_TEST(a->extra == json({{"wire_id", 77}}));
  json stored = article_to_json(*a);
  BOOST_TEST(stored["published_at"] == "2024-03-14T09:30:00Z");
  BOOST_TEST(stored["wire_id"] == 77);
}

BOOST_AUTO_TEST_CASE(uses_url_as_id_and_default_language) {
  Record r = parse(R"({"url":"https://x.example/story","title":"T"})");
  const Article* a = std::get_if<Article>(&r);
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST(a->id == "https://x.example/story");
  BOOST_TEST(a->language == "en");
}

BOOST_AUTO_TEST_CASE(reads_delete_ops) {
  Record r = parse(R"({"op":"delete","id":"a1"})");
  BOOST_TEST_REQUIRE(std::holds_alternative<DeleteOp>(r));
  BOOST_TEST(std::get<DeleteOp>(r).id == "a1");
}

BOOST_AUTO_TEST_CASE(rejects_bad_records_with_reasons) {
  BOOST_TEST(reason(R"({"title":"T"})") == "missing id (and no url to use instead)");
  BOOST_TEST(reason(R"({"id":"a"})") == "missing title");
  BOOST_TEST(reason(R"({"id":"a","title":"   "})") == "missing title");
  BOOST_TEST(reason(R"({"id":"a","title":5})") == "title must be a string");
  BOOST_TEST(reason(R"({"id":["a"],"title":"T"})") == "id must be a string");
  BOOST_TEST(reason(R"({"id":"a","title":"T","tags":[1]})") == "tags must contain only strings");
  BOOST_TEST(reason(R"({"id":"a","title":"T","language":"english"})") ==
             "language 'english' is not an ISO 639-1 code");
  BOOST_TEST(reason(R"({"id":"a","title":"T","published_at":"last tuesday"})") ==
             "published_at: unrecognised date 'last tuesday' (expected RFC 3339, RFC 2822 or "
             "unix seconds)");
  BOOST_TEST(reason(R"({"op":"purge","id":"a"})") ==
             "unknown op 'purge' (expected upsert or delete)");
  BOOST_TEST(reason(R"([1,2])") == "expected a JSON object");
}

BOOST_AUTO_TEST_CASE(numeric_ids_and_unix_dates_are_accepted) {
  Record r = parse(R"({"id":12345,"title":"T","published_at":1710408600})");
  const Article* a = std::get_if<Article>(&r);
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST(a->id == "12345");
  BOOST_TEST(*a->published_at == 1710408600);
}

BOOST_AUTO_TEST_CASE(rejects_unix_dates_outside_years_0000_to_9999) {
  // A float past int64's range has no integer value: converting it was undefined behaviour.
  const char* kReason = "published_at must be unix seconds within years 0000-9999";
  BOOST_TEST(reason(R"({"id":"a","title":"T","published_at":1e300})") == kReason);
  BOOST_TEST(reason(R"({"id":"a","title":"T","published_at":-1e300})") == kReason);
  BOOST_TEST(reason(R"({"id":"a","title":"T","published_at":18446744073709551615})") == kReason);
  BOOST_TEST(reason(R"({"id":"a","title":"T","published_at":253402300800})") == kReason);
  BOOST_TEST(reason(R"({"id":"a","title":"T","published_at":"999999999999"})") == kReason);
  BOOST_TEST(reason(R"({"id":"a","title":"T","updated_at":1e19})") ==
             "updated_at must be unix seconds within years 0000-9999");
  Record r = parse(R"({"id":"a","title":"T","published_at":1710408600.75})");
  const Article* a = std::get_if<Article>(&r);
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST(*a->published_at == 1710408600);
  r = parse(R"({"id":"a","title":"T","published_at":-86400})");
  BOOST_TEST_REQUIRE(std::get_if<Article>(&r) != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 21: 130 NULs passed validation, then Xapian threw "Key too long" at commit and the
// server died. Ids with control characters are refused, for upserts and deletes alike.
BOOST_AUTO_TEST_SUITE(article_ids)

BOOST_AUTO_TEST_CASE(control_characters_in_an_id_are_rejected) {
  json nul_id = {{"id", std::string(130, '\0')}, {"title", "T"}};
  BOOST_TEST(reason(nul_id.dump()) == "id contains a control character");
  BOOST_TEST(reason(R"({"id":"a\u0001b","title":"T"})") == "id contains a control character");
  BOOST_TEST(reason(R"({"id":"a\u007fb","title":"T"})") == "id contains a control character");
  BOOST_TEST(reason(R"({"op":"delete","id":"a\u0000"})") == "id contains a control character");
  // Whitespace is folded, not refused; other Unicode is fine.
  BOOST_TEST(reason(R"({"id":" a\tb ","title":"T"})") == "(accepted)");
  BOOST_TEST(reason(R"({"id":"Zürich-1","title":"T"})") == "(accepted)");
}

BOOST_AUTO_TEST_SUITE_END()

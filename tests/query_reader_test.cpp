#include "query/query_reader.h"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include "tests/test_support.h"

using namespace dateline;

namespace {

// A reader over an index of tests/data/mini.jsonl, with the news schema.
struct MiniReader {
  test::TempDir dir;
  std::string path = dir.str("db");
  Xapian::Database db;
  Schema schema = test::news_schema();
  SynonymTable synonyms;
  std::unique_ptr<QueryReader> reader;

  MiniReader() {
    test::index_jsonl(path, test::read_file(test::data_path("mini.jsonl")));
    db = Xapian::Database(path);
    reader = std::make_unique<QueryReader>(schema, db, QueryLimits{});
  }

  std::string described(const SearchRequest& request) const {
    return reader->read(request, synonyms).combined().get_description();
  }
};

SearchRequest request_for(const std::string& q) {
  SearchRequest request;
  request.q = q;
  return request;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(query_reader)

BOOST_AUTO_TEST_CASE(short_queries_require_every_word_and_long_ones_any) {
  MiniReader mini;
  QueryPlan two = mini.reader->read(request_for("port strike"), mini.synonyms);
  BOOST_TEST(std::string(matching_name(two.matching)) == "all");
  BOOST_TEST(two.words == 2);
  QueryPlan many = mini.reader->read(request_for("the strike at the harbor ports"), mini.synonyms);
  BOOST_TEST(std::string(matching_name(many.matching)) == "any");
  QueryPlan none = mini.reader->read(request_for("  "), mini.synonyms);
  BOOST_TEST(std::string(matching_name(none.matching)) == "browse");
  BOOST_TEST(none.main.query.empty());
}

// Each read sets up its own parser: a request read with another language's stemmer, or with a
// smaller wildcard budget, leaves nothing behind for the next request.
BOOST_AUTO_TEST_CASE(one_request_does_not_change_how_the_next_is_read) {
  MiniReader mini;
  const std::string fresh = mini.described(request_for("striking ports"));
  SearchRequest german = request_for("striking ports");
  german.filters["lang"] = {"de"};
  mini.reader->read(german, mini.synonyms);
  mini.reader->read(request_for("a* b* c* d* e* f* g* h* i*"), mini.synonyms);
  BOOST_TEST(mini.described(request_for("striking ports")) == fresh);
}

BOOST_AUTO_TEST_CASE(filters_use_the_schema_fields_whose_query_name_they_are) {
  MiniReader mini;
  SearchRequest request = request_for("");
  request.filters["source"] = {"The Harbor Ledger"};
  request.filters["author"] = {"Ruiz"};
  QueryPlan plan = mini.reader->read(request, mini.synonyms);
  BOOST_TEST(plan.filters.at("source").get_description().find("Gthe-harbor-ledger") !=
             std::string::npos);
  BOOST_TEST(plan.filters.at("author").get_description().find("XAruiz") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_wildcard_budget_is_shared_by_the_query_wildcards) {
  MiniReader mini;
  QueryPlan plan = mini.reader->read(request_for("a* b* c* d* e*"), mini.synonyms);
  BOOST_TEST(plan.wildcards_truncated);
  BOOST_TEST(plan.wildcard_expansion == 80u);
}

BOOST_AUTO_TEST_SUITE_END()

// The pieces that make a sharded index answer as one index: wildcards expanded once over the
// merged term list, related articles' telling words from one statistics pass, and reshard.
#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include <boost/test/unit_test.hpp>

#include "core/error.h"
#include "index/database.h"
#include "index/format.h"
#include "index/shard_set.h"
#include "index/term_stats.h"
#include "index/topology.h"
#include "index/view_cache.h"
#include "indexer/resharder.h"
#include "query/wildcards.h"
#include "server/related.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

struct SampleIndex {
  test::TempDir dir;
  std::string path = dir.str("single");
  SampleIndex() { test::index_jsonl(path, test::read_file(test::sample_path("articles.jsonl"))); }
};

// Document id -> weight of the top `n` of `query` on `db`.
std::vector<std::pair<Xapian::docid, double>> ranking_of(const Xapian::Database& db,
                                                         const Xapian::Query& query,
                                                         Xapian::doccount n = 50) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(0, n);
  std::vector<std::pair<Xapian::docid, double>> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
  return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sharding, SampleIndex)

BOOST_AUTO_TEST_CASE(an_expanded_wildcard_ranks_as_xapians_own_expansion) {
  Xapian::Database db(path);
  for (const char* pattern : {"harb", "port", "s", "zzz"}) {
    Xapian::Query wildcard(Xapian::Query::OP_WILDCARD, pattern, 100,
                           Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    Xapian::Query query(Xapian::Query::OP_AND, wildcard, Xapian::Query("the"));
    Xapian::Query expanded = expand_wildcards(query, db, 100);
    BOOST_TEST(expanded.get_description().find("WILDCARD") == std::string::npos,
               expanded.get_description());
    auto want = ranking_of(db, query);
    auto got = ranking_of(db, expanded);
    BOOST_TEST_REQUIRE(want.size() == got.size(), pattern);
    for (std::size_t i = 0; i < want.size(); ++i) {
      BOOST_TEST(want[i].first == got[i].first, pattern << " #" << i);
      BOOST_TEST(std::abs(want[i].second - got[i].second) < 1e-12, pattern << " #" << i);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_expansion_keeps_the_most_frequent_terms_and_the_operators_around_it) {
  Xapian::Database db(path);
  Xapian::Query wildcard(Xapian::Query::OP_WILDCARD, "p", 3,
                         Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT, Xapian::Query::OP_OR);
  Xapian::Query scaled(Xapian::Query::OP_SCALE_WEIGHT, wildcard, 2.5);
  Xapian::Query expanded = expand_wildcards(scaled, db, 3);
  std::string d = expanded.get_description();
  BOOST_TEST(d.find("2.5 * (") != std::string::npos, d);
  BOOST_TEST(d.find(" OR ") != std::string::npos, d);
  std::vector<std::string> terms(expanded.get_terms_begin(), expanded.get_terms_end());
  BOOST_TEST_REQUIRE(terms.size() == 3u, d);
  // No term starting with "p" is more frequent than the least frequent one kept.
  Xapian::doccount least = db.get_termfreq(terms[0]);
  for (const std::string& t : terms) least = std::min(least, db.get_termfreq(t));
  std::set<std::string> kept(terms.begin(), terms.end());
  for (auto it = db.allterms_begin("p"); it != db.allterms_end("p"); ++it) {
    if (!kept.count(*it)) BOOST_TEST(it.get_termfreq() <= least, *it);
  }
  // Non-ASCII and backslash patterns survive the round trip through the description.
  for (const std::string& pattern : {std::string("zä"), std::string("a\\b")}) {
    Xapian::Query w(Xapian::Query::OP_WILDCARD, pattern, 10);
    BOOST_TEST(expand_wildcards(w, db, 10).get_description() == "Query()", pattern);
  }
}

BOOST_AUTO_TEST_CASE(telling_words_are_xapians_expansion_set) {
  Xapian::Database db(path);
  Schema schema = stored_schema(db);
  int compared = 0;
  for (auto it = db.postlist_begin(""); it != db.postlist_end("") && compared < 12; ++it) {
    Xapian::RSet rset;
    rset.add_document(*it);
    struct Content : Xapian::ExpandDecider {
      const Xapian::Database& db;
      explicit Content(const Xapian::Database& d) : db(d) {}
      bool operator()(const std::string& t) const override {
        return !(t[0] >= 'A' && t[0] <= 'Z') && !std::isdigit(static_cast<unsigned char>(t[0])) &&
               db.get_termfreq(t) > 1;
      }
    } decider(db);
    Xapian::Enquire enquire(db);
    Xapian::ESet eset = enquire.get_eset(20, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    std::vector<std::string> want(eset.begin(), eset.end());
    std::vector<std::string> got = telling_words(db, db.get_document(*it));
    BOOST_TEST(want == got, boost::test_tools::per_element());
    ++compared;
  }
  BOOST_TEST(compared == 12);
}

BOOST_AUTO_TEST_CASE(reshard_splits_by_id_and_keeps_what_the_index_carries) {
  Xapian::Database single(path);
  std::string out = dir.str("three");
  ReshardReport report = reshard(path, out, 3);
  BOOST_TEST(report.documents == single.get_doccount());
  BOOST_TEST(report.per_shard.size() == 3u);
  BOOST_TEST(names_topology(out));
  ShardSet shards(out);
  BOOST_TEST(shards.sharded());
  BOOST_TEST(shards.shard_count() == 3u);
  BOOST_TEST(shards.failed() == 0u);
  const Xapian::Database& merged = shards.database();
  BOOST_TEST(merged.get_doccount() == single.get_doccount());
  BOOST_TEST(merged.get_metadata("dateline:schema") == single.get_metadata("dateline:schema"));
  BOOST_TEST(merged.get_spelling_suggestion("harbur") == single.get_spelling_suggestion("harbur"));
  Schema schema = stored_schema(merged);
  for (std::size_t k = 0; k < 3; ++k) {
    Xapian::Database shard(out + "/shard-" + std::to_string(k));
    BOOST_TEST(shard.get_metadata(kShardCountMetadataKey) == "3");
    BOOST_TEST(shard.get_metadata(kShardNumberMetadataKey) == std::to_string(k));
    BOOST_TEST(shard.get_doccount() == report.per_shard[k]);
    for (auto it = shard.allterms_begin(schema.id_prefix());
         it != shard.allterms_end(schema.id_prefix()); ++it) {
      BOOST_TEST(shard_for_id((*it).substr(schema.id_prefix().size()), 3) == k, *it);
    }
  }
  BOOST_CHECK_THROW(reshard(path, out, 3), Error);              // the target exists
  BOOST_CHECK_THROW(reshard(out, dir.str("again"), 2), Error);  // already sharded
  BOOST_CHECK_THROW(reshard(path, dir.str("none"), 0), Error);
}

BOOST_AUTO_TEST_CASE(term_frequencies_are_the_same_from_one_pass_over_shards) {
  std::string out = dir.str("three");
  reshard(path, out, 3);
  ShardSet shards(out);
  Xapian::Database single(path);
  const std::vector<std::string> terms = {
      "harbour", "Zharbour", "port", "nosuchword", "", std::string(300, 'x'), "port"};
  auto one = term_frequencies(single, terms);
  auto three = term_frequencies(shards.database(), terms);
  BOOST_TEST(one == three);
  BOOST_TEST(one.size() == 6u);  // "port" once
  BOOST_TEST(one["port"] == single.get_termfreq("port"));
  BOOST_TEST(one["port"] > 0u);
  BOOST_TEST(one["nosuchword"] == 0u);
  BOOST_TEST(one[""] == 0u);
  BOOST_TEST(one[std::string(300, 'x')] == 0u);
}

BOOST_AUTO_TEST_CASE(a_view_cache_computes_once_per_view) {
  ViewCache<int> cache;
  int computed = 0;
  auto compute = [&] { return ++computed; };
  BOOST_TEST(cache.get("a:1", compute) == 1);
  BOOST_TEST(cache.get("a:1", compute) == 1);
  BOOST_TEST(cache.get("a:2", compute) == 2);
  BOOST_TEST(cache.get("", compute) == 3);  // no view known: computed each time
  BOOST_TEST(cache.get("", compute) == 4);
  BOOST_CHECK_THROW(cache.get("a:3", []() -> int { throw std::runtime_error("lost"); }),
                    std::runtime_error);
  BOOST_TEST(cache.get("a:3", compute) == 5);  // a failed computation is not kept
}

BOOST_AUTO_TEST_CASE(an_unreachable_remote_shard_starts_down_and_the_rest_answer) {
  std::string out = dir.str("two");
  reshard(path, out, 2);
  // Port 1 on loopback refuses at once.
  test::TempDir other;
  std::string topology =
      other.write_file("t", "spelling " + out + "/spelling\nlocal " + out +
                                "/shard-0\nremote 127.0.0.1:1 timeout=1s connect_timeout=200ms\n");
  ShardSet shards(topology);
  BOOST_TEST(shards.failed() == 1u);
  std::vector<ShardHealth> health = shards.health();
  BOOST_TEST_REQUIRE(health.size() == 2u);
  BOOST_TEST(health[0].up);
  BOOST_TEST(!health[1].up);
  BOOST_TEST(health[1].name == "127.0.0.1:1");
  BOOST_TEST(!health[1].last_error.empty());
  BOOST_TEST(shards.database().get_doccount() == health[0].documents);
  shards.refresh();  // retrying before the backoff passes costs nothing and changes nothing
  BOOST_TEST(shards.failed() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

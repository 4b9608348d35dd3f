#include "index/topology.h"

#include <boost/test/unit_test.hpp>

#include "core/error.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

std::string topology_error(const std::string& text) {
  try {
    parse_topology(text, "/srv/news");
  } catch (const Error& e) {
    BOOST_TEST((e.kind() == ErrorKind::kInvalidArgument));
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(topology)

BOOST_AUTO_TEST_CASE(reads_the_spelling_database_then_local_and_remote_shards) {
  Topology t = parse_topology(
      "# two shards\n"
      "spelling spelling\n"
      "local /data/shard-0   # a comment\n"
      "remote 10.0.0.7:7001 timeout=2s connect_timeout=250ms\r\n"
      "\n"
      "remote [fd00::1]:7002\n",
      "/srv/news");
  BOOST_TEST(t.spelling == "/srv/news/spelling");
  BOOST_TEST_REQUIRE(t.shards.size() == 3u);
  BOOST_TEST(!t.shards[0].remote());
  BOOST_TEST(t.shards[0].path == "/data/shard-0");
  BOOST_TEST(t.shards[1].remote());
  BOOST_TEST(t.shards[1].host == "10.0.0.7");
  BOOST_TEST(t.shards[1].port == 7001u);
  BOOST_TEST(t.shards[1].timeout.count() == 2000);
  BOOST_TEST(t.shards[1].connect_timeout.count() == 250);
  BOOST_TEST(t.shards[1].name() == "10.0.0.7:7001");
  BOOST_TEST(t.shards[2].host == "fd00::1");
  BOOST_TEST(t.shards[2].name() == "[fd00::1]:7002");
  BOOST_TEST(t.shards[2].timeout == kDefaultShardTimeout);
}

BOOST_AUTO_TEST_CASE(relative_paths_are_read_against_the_files_directory) {
  Topology t = parse_topology("spelling ./a/../spelling\nlocal shard-1\n", "/srv/news");
  BOOST_TEST(t.spelling == "/srv/news/spelling");
  BOOST_TEST(t.shards[0].path == "/srv/news/shard-1");
}

BOOST_AUTO_TEST_CASE(says_which_line_is_wrong_and_why) {
  BOOST_TEST(topology_error("local a\n") == "no spelling entry (the spelling database's path)");
  BOOST_TEST(topology_error("spelling s\n") == "no shard (local PATH or remote HOST:PORT)");
  BOOST_TEST(topology_error("spelling s\nshard x\n").find("line 2: unknown entry 'shard'") == 0u);
  BOOST_TEST(topology_error("spelling s\nspelling t\n").find("line 2: a second spelling") == 0u);
  BOOST_TEST(topology_error("local a\nspelling s\n").find("line 2: the spelling database comes") ==
             0u);
  BOOST_TEST(topology_error("spelling s\nremote host\n").find("line 2: a remote is host:port") ==
             0u);
  BOOST_TEST(topology_error("spelling s\nremote h:0\n").find("the port must be 1..65535") !=
             std::string::npos);
  BOOST_TEST(topology_error("spelling s\nremote h:70000\n").find("1..65535") != std::string::npos);
  BOOST_TEST(topology_error("spelling s\nremote ::1:7\n").find("in brackets") != std::string::npos);
  BOOST_TEST(topology_error("spelling s\nremote h:7 timeout=0s\n").find("from 1ms to 600s") !=
             std::string::npos);
  BOOST_TEST(topology_error("spelling s\nremote h:7 colour=red\n").find("unknown option") !=
             std::string::npos);
  BOOST_TEST(topology_error("spelling s\nlocal a b\n").find("local takes one path") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(is_bounded_in_size_and_shards) {
  BOOST_TEST(topology_error(std::string(kMaxTopologyBytes + 1, '#')).find("at most") !=
             std::string::npos);
  std::string many = "spelling s\n";
  for (std::size_t i = 0; i <= kMaxShards; ++i) many += "local s" + std::to_string(i) + "\n";
  BOOST_TEST(topology_error(many).find("more than 1024 shards") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_directory_names_a_topology_only_when_it_holds_the_file) {
  test::TempDir dir;
  BOOST_TEST(!names_topology(dir.str()));
  dir.write_file(kTopologyFileName, "spelling s\nlocal a\n");
  BOOST_TEST(names_topology(dir.str()));
  BOOST_TEST(names_topology(dir.str(kTopologyFileName)));
  BOOST_TEST(read_topology(dir.str()).shards[0].path == dir.str("a"));
  BOOST_TEST(!names_topology(dir.str("absent")));
}

BOOST_AUTO_TEST_CASE(an_id_always_hashes_to_the_same_shard) {
  BOOST_TEST(shard_for_id("mws-2024-0388", 3) == shard_for_id("mws-2024-0388", 3));
  BOOST_TEST(shard_for_id("anything", 1) == 0u);
  std::vector<int> seen(4, 0);
  for (int i = 0; i < 400; ++i) ++seen[shard_for_id("a-" + std::to_string(i), 4)];
  for (int n : seen) BOOST_TEST(n > 60);  // spread, not all in one
}

BOOST_AUTO_TEST_SUITE_END()

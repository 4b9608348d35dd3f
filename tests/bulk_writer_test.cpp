#include "indexer/bulk_writer.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "core/error.h"
#include "index/format.h"
#include "indexer/document_builder.h"
#include "indexer/index_job.h"
#include "indexer/index_writer.h"
#include "tests/test_support.h"

using namespace dateline;
using nlohmann::json;

namespace {

std::string article_line(const std::string& id, const std::string& title, const std::string& body,
                         const std::string& when = "2025-03-01T10:00:00Z") {
  return json{{"id", id}, {"title", title}, {"body", body}, {"published_at", when}}.dump() + "\n";
}

// A body of `words` distinct-ish words, different for each seed.
std::string body_for(int seed, int words = 40) {
  static const char* const kWords[] = {"harbour", "council", "ferry",  "budget", "storm",
                                       "school",  "market",  "bridge", "union",  "water",
                                       "police",  "museum",  "trains", "rates",  "farmers",
                                       "energy",  "courts",  "prices", "rivers", "tunnel"};
  std::string out;
  unsigned x = static_cast<unsigned>(seed) * 2654435761u + 12345u;
  for (int i = 0; i < words; ++i) {
    x = x * 1103515245u + 12345u;
    out += kWords[(x >> 16) % 20];
    out += i % 9 == 8 ? ". " : " ";
  }
  return out;
}

IndexOptions bulk_options(unsigned jobs, std::size_t shard_documents) {
  IndexOptions options;
  options.jobs = jobs;
  options.shard_documents = shard_documents;
  return options;
}

// Cluster id (or, with `slot` 11, collapse value) of each document, by article id.
std::map<std::string, std::string> clusters(const std::string& db_path, Xapian::valueno slot = 9) {
  Xapian::Database db(db_path);
  std::map<std::string, std::string> out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    Xapian::Document doc = db.get_document(*it);
    json stored = json::parse(doc.get_data());
    out[stored["id"].get<std::string>()] = doc.get_value(slot);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_writer)

BOOST_AUTO_TEST_CASE(a_bulk_build_equals_an_incremental_one) {
  test::TempDir dir;
  std::string text;
  for (int i = 0; i < 60; ++i) {
    text += article_line("a" + std::to_string(i), "Story number " + std::to_string(i), body_for(i));
  }
  // Republished copies (same body, new headline) and a second version of a0 and a7 late in the
  // input, so they land in a later shard than the first version; deletes of ids in early shards.
  text += article_line("copy-3", "Another outlet on story three", body_for(3));
  text += article_line("copy-41", "Wire copy of forty-one", body_for(41));
  text += article_line("a0", "Story number zero, updated", body_for(1000));
  text += article_line("a7", "Story seven, corrected", body_for(7));
  text += "{\"op\":\"delete\",\"id\":\"a5\"}\n{\"op\":\"delete\",\"id\":\"a50\"}\n";
  text += "{\"op\":\"delete\",\"id\":\"never-there\"}\n";
  std::string input = dir.write_file("in.jsonl", text);

  IndexSummary bulk =
      run_index_job(dir.str("bulk"), test::news_schema(), {input}, bulk_options(2, 7), nullptr);
  IndexSummary serial =
      run_index_job(dir.str("serial"), test::news_schema(), {input}, bulk_options(1, 7), nullptr);
  BOOST_TEST(bulk.writers == 2u);
  BOOST_TEST(serial.writers == 1u);
  BOOST_TEST(bulk.indexed == serial.indexed);
  BOOST_TEST(bulk.deleted == 2u);
  BOOST_TEST(serial.deleted == 2u);
  BOOST_TEST(bulk.delete_missing == 1u);
  BOOST_TEST(bulk.documents == 60u);
  BOOST_TEST(serial.documents == 60u);
  BOOST_TEST(!std::filesystem::exists(dir.str("bulk.bulk-staging")));

  Xapian::Database db(dir.str("bulk"));
  BOOST_TEST(db.get_doccount() == 60u);
  BOOST_TEST(db.get_termfreq("Qa5") == 0u);
  BOOST_TEST(db.get_termfreq("Qa0") == 1u);  // one version: the later one
  Xapian::Document a0 = db.get_document(*db.postlist_begin("Qa0"));
  BOOST_TEST(json::parse(a0.get_data())["title"] == "Story number zero, updated");
  BOOST_TEST(db.get_metadata(kSchemaMetadataKey) ==
             Xapian::Database(dir.str("serial")).get_metadata(kSchemaMetadataKey));
  BOOST_TEST(!db.get_metadata(kLastCommitMetadataKey).empty());
  // Spelling data merged from the shards: a misspelt title word gets a suggestion.
  BOOST_TEST(db.get_spelling_suggestion("stroy") == "story");
  // Same clusters as one writer gives: copies join their originals, a corrected a7 keeps its own.
  auto bulk_clusters = clusters(dir.str("bulk"));
  BOOST_TEST(bulk_clusters == clusters(dir.str("serial")));
  BOOST_TEST(bulk_clusters["copy-3"] == "a3");
  BOOST_TEST(bulk_clusters["copy-41"] == "a41");
  BOOST_TEST(bulk_clusters["a7"] == "a7");
  // Only stories of two carry a collapse value, the first article too though its shard is not
  // its copy's.
  auto bulk_collapses = clusters(dir.str("bulk"), 11);
  BOOST_TEST(bulk_collapses == clusters(dir.str("serial"), 11));
  BOOST_TEST(bulk_collapses["a3"] == "a3");
  BOOST_TEST(bulk_collapses["copy-3"] == "a3");
  BOOST_TEST(bulk_collapses["a41"] == "a41");
  BOOST_TEST(bulk_collapses["copy-41"] == "a41");
  BOOST_TEST(bulk_collapses["a7"] == "");
  BOOST_TEST(bulk_collapses["a1"] == "");
}

BOOST_AUTO_TEST_CASE(an_index_with_documents_gets_the_incremental_writer) {
  test::TempDir dir;
  std::string first = dir.write_file("first.jsonl", article_line("x", "First", body_for(1)));
  std::string second = dir.write_file("second.jsonl", article_line("y", "Second", body_for(2)));
  IndexSummary a =
      run_index_job(dir.str("db"), test::news_schema(), {first}, bulk_options(2, 50), nullptr);
  IndexSummary b =
      run_index_job(dir.str("db"), test::news_schema(), {second}, bulk_options(2, 50), nullptr);
  BOOST_TEST(a.writers == 2u);
  BOOST_TEST(b.writers == 1u);
  BOOST_TEST(b.documents == 2u);
  BOOST_CHECK_THROW(BulkWriter(dir.str("db"), test::news_schema(), BulkOptions{}), Error);
}

// Xapian has no call that reports a table's block size, but every table file is a whole number
// of blocks: with 32 KB blocks each is a non-empty multiple of 32768 bytes, while with the
// default 8 KB blocks this small index has a table of a single block.
BOOST_AUTO_TEST_CASE(a_new_index_is_built_with_the_block_size_asked_for) {
  test::TempDir dir;
  std::string lines;
  for (int i = 0; i < 40; ++i) lines += article_line("b" + std::to_string(i), "Title", body_for(i));
  std::string input = dir.write_file("in.jsonl", lines);
  auto table_sizes = [](const std::string& db) {
    std::vector<std::uintmax_t> sizes;
    for (const auto& entry : std::filesystem::directory_iterator(db)) {
      if (entry.path().extension() == ".glass") sizes.push_back(entry.file_size());
    }
    return sizes;
  };
  for (unsigned jobs : {1u, 2u}) {
    std::string big = dir.str("big" + std::to_string(jobs));
    std::string plain = dir.str("plain" + std::to_string(jobs));
    IndexOptions options = bulk_options(jobs, 10);
    run_index_job(plain, test::news_schema(), {input}, options, nullptr);
    options.block_size = 32768;
    std::vector<std::string> notes;
    options.on_note = [&](const std::string& note) { notes.push_back(note); };
    IndexSummary summary = run_index_job(big, test::news_schema(), {input}, options, nullptr);
    BOOST_TEST(summary.documents == 40u);
    BOOST_TEST(Xapian::Database(big).get_doccount() == 40u);
    std::vector<std::uintmax_t> sizes = table_sizes(big);
    BOOST_TEST_REQUIRE(!sizes.empty());
    for (std::uintmax_t size : sizes) {
      if (size == 0) continue;
      BOOST_TEST(size % 32768 == 0u, "jobs " << jobs << ": " << size);
    }
    std::vector<std::uintmax_t> default_sizes = table_sizes(plain);
    BOOST_TEST(*std::min_element(default_sizes.begin(), default_sizes.end()) < 32768u);

    // Updating an existing index keeps its block size and says so.
    run_index_job(big, test::news_schema(), {input}, options, nullptr);
    BOOST_TEST_REQUIRE(notes.size() >= 1u);
    BOOST_TEST(notes.back().find("--block-size applies to a new index only") != std::string::npos,
               notes.back());
    for (std::uintmax_t size : table_sizes(big)) BOOST_TEST(size % 32768 == 0u);
  }
}

BOOST_AUTO_TEST_CASE(a_second_writer_is_refused_while_a_bulk_build_runs) {
  test::TempDir dir;
  BulkWriter bulk(dir.str("db"), test::news_schema(), BulkOptions{});
  try {
    IndexWriter other(dir.str("db"), test::news_schema());
    BOOST_FAIL("a second writer opened the index");
  } catch (const Error& e) {
    BOOST_TEST((e.kind() == ErrorKind::kLocked));
  }
  Article article;
  article.id = "only";
  article.title = "The only article";
  bulk.upsert(article);
  BOOST_TEST(bulk.finish() == 1u);
  BOOST_TEST(Xapian::Database(dir.str("db")).get_doccount() == 1u);
}

BOOST_AUTO_TEST_CASE(an_abandoned_build_leaves_an_empty_index_and_no_staging) {
  test::TempDir dir;
  {
    BulkWriter bulk(dir.str("db"), test::news_schema(), BulkOptions{});
    Article article;
    article.id = "lost";
    article.title = "Never merged";
    bulk.upsert(article);
  }
  BOOST_TEST(Xapian::Database(dir.str("db")).get_doccount() == 0u);
  BOOST_TEST(!std::filesystem::exists(dir.str("db.bulk-staging")));
  BOOST_TEST(index_is_empty(dir.str("db")));
}

BOOST_AUTO_TEST_CASE(many_shards_merge_in_groups_when_few_may_be_open) {
  // 2 writers x 3 documents per shard: 14 shards over 40 articles, merged two at a time.
  auto build = [](const std::string& path, std::size_t fan_in) {
    BulkOptions options;
    options.jobs = 2;
    options.shard_documents = 3;
    options.merge_fan_in = fan_in;
    BulkWriter bulk(path, test::news_schema(), options);
    for (int i = 0; i < 40; ++i) {
      Article article;
      article.id = "g" + std::to_string(i);
      article.title = "Grouped story " + std::to_string(i);
      article.body = body_for(i);
      article.language = "en";
      bulk.upsert(article);
    }
    BOOST_TEST(bulk.remove("g11"));
    Xapian::doccount n = bulk.finish();
    BOOST_TEST(bulk.shards() >= 13u);
    return n;
  };
  test::TempDir dir;
  BOOST_TEST(build(dir.str("grouped"), 2) == 39u);
  BOOST_TEST(build(dir.str("flat"), 0) == 39u);
  BOOST_TEST(!std::filesystem::exists(dir.str("grouped.bulk-staging")));
  Xapian::Database grouped(dir.str("grouped"));
  Xapian::Database flat(dir.str("flat"));
  BOOST_TEST(grouped.get_termfreq("Qg11") == 0u);
  for (int i = 0; i < 40; i += 7) {
    std::string term = "Qg" + std::to_string(i);
    BOOST_TEST(grouped.get_termfreq(term) == flat.get_termfreq(term));
  }
  BOOST_TEST(grouped.get_termfreq("harbour") == flat.get_termfreq("harbour"));
  BOOST_TEST(grouped.get_collection_freq("Zharbour") == flat.get_collection_freq("Zharbour"));
  BOOST_TEST(grouped.get_spelling_suggestion("grouped stroy") ==
             flat.get_spelling_suggestion("grouped stroy"));
  BOOST_TEST(grouped.get_spelling_suggestion("stroy") == "story");
}

BOOST_AUTO_TEST_CASE(spelling_counted_in_memory_equals_what_one_writer_adds) {
  // Titles and summaries with repeated, capitalised, accented, numeric and over-long words, and
  // enough distinct ones that a 1 MB memory bound writes the counts out mid-shard too.
  std::vector<Article> articles;
  const std::string too_long(70, 'x');
  for (int i = 0; i < 900; ++i) {
    Article article;
    article.id = "s" + std::to_string(i);
    article.title = "Harbour harbour Zürich café w" + std::to_string(i) + " 2025 " +
                    (i % 50 == 0 ? too_long : std::string("ferry"));
    article.summary = "Council votes on the w" + std::to_string(i % 97) + " plan v" +
                      std::to_string(i) + ", again";
    article.body = body_for(i, 12);
    article.language = "en";
    articles.push_back(article);
  }
  test::TempDir dir;
  BulkOptions options;
  options.jobs = 2;
  options.shard_documents = 100;
  options.memory_mb = 1;
  {
    BulkWriter bulk(dir.str("bulk"), test::news_schema(), options);
    for (const Article& article : articles) bulk.upsert(article);
    bulk.finish();
  }
  {
    IndexWriter one(dir.str("one"), test::news_schema());
    for (const Article& article : articles) one.upsert(article);
    one.commit();
  }
  auto table = [](const std::string& path) {
    Xapian::Database db(path);
    std::map<std::string, Xapian::doccount> out;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
      out[*it] = it.get_termfreq();
    }
    return out;
  };
  auto bulk = table(dir.str("bulk"));
  BOOST_TEST(bulk.size() > 1800u);  // about 900 per writer: more than the 682 it holds
  BOOST_TEST(bulk["harbour"] == 1800u);
  BOOST_TEST(bulk["zürich"] == 900u);
  BOOST_TEST(bulk["w5"] == 1u + 10u);  // one title, and summaries 5, 102, ... 878
  BOOST_TEST(bulk.count(too_long) == 0u);
  BOOST_TEST(bulk.count("tunnel") == 0u);  // body words are not spelling data
  BOOST_TEST((bulk == table(dir.str("one"))));
}

BOOST_AUTO_TEST_SUITE_END()

#include "index/common_grams.h"

#include <algorithm>
#include <map>
#include <set>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "core/error.h"
#include "index/database.h"
#include "index/format.h"
#include "indexer/document_builder.h"
#include "schema/article.h"
#include "tests/test_support.h"

using namespace dateline;

namespace common_grams_test {

// The news schema with `words` as its common-grams list.
Schema gram_schema(std::vector<std::string> words, std::vector<std::string> not_with = {}) {
  Schema schema = test::news_schema();
  schema.common_words = std::move(words);
  schema.common_not_with = std::move(not_with);
  return schema;
}

// A small index of sentences whose phrases overlap: the same words in and out of order, repeated
// words, a common word at each end of a phrase.
const char* const kGramBodies[] = {
    "the company said it would offer shares in the company",
    "shares said the company offer would it",
    "it said the offer for shares was the company offer",
    "company company said said offer offer",
    "the offer said shares company in the it would",
    "dlrs offering of the company shares said today",
    "a new offer said the company in a statement",
    "no match here at all apart from shares",
};

void build_gram_index(const std::string& path, const Schema& schema) {
  Xapian::WritableDatabase db = open_for_writing(path);
  adopt_schema(db, schema, path);
  DocumentBuilder builder(schema);
  int n = 0;
  for (const char* body : kGramBodies) {
    Article a;
    a.id = "a" + std::to_string(++n);
    a.title = "Item " + std::to_string(n);
    a.body = body;
    a.language = "en";
    db.replace_document(schema.id_prefix() + a.id, builder.build(a));
  }
  db.commit();
}

Xapian::Query gram_parsed(const Xapian::Database& db, const std::string& text) {
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem("en"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  parser.add_prefix("title", "S");
  parser.set_default_op(Xapian::Query::OP_AND);
  return parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT);
}

// docid -> weight for every match.
std::map<Xapian::docid, double> gram_matches(const Xapian::Database& db,
                                             const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  std::map<Xapian::docid, double> out;
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) out[*it] = it.get_weight();
  return out;
}

bool gram_doc_has(const Xapian::Document& doc, const std::string& term) {
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

// The pair terms of `doc` as a plain reading of the rule finds them: every unprefixed
// (position, term) sorted, and each two at consecutive positions that paired() takes.
std::pair<std::set<std::string>, std::size_t> gram_reference_pairs(const CommonGrams& grams,
                                                                   const Xapian::Document& doc) {
  std::vector<std::pair<Xapian::termpos, std::string>> at;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string name = *t;
    if (name.empty() || (name[0] >= 'A' && name[0] <= 'Z')) continue;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) at.emplace_back(*p, name);
  }
  std::sort(at.begin(), at.end());
  std::set<std::string> pairs;
  std::size_t met = 0;
  for (std::size_t i = 0; i + 1 < at.size(); ++i) {
    if (at[i + 1].first != at[i].first + 1) continue;
    if (!grams.paired(at[i].second, at[i + 1].second)) continue;
    std::string pair = CommonGrams::pair_term(at[i].second, at[i + 1].second);
    if (pair.empty()) continue;
    pairs.insert(pair);
    ++met;
  }
  return {pairs, met};
}

std::set<std::string> gram_terms_of(const Xapian::Document& doc) {
  std::set<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if ((*t).rfind(kCommonGramPrefix, 0) == 0) {
      BOOST_TEST(t.get_wdf() == 0u);
      BOOST_TEST(t.positionlist_count() == 0u);
      out.insert(*t);
    }
  }
  return out;
}

}  // namespace common_grams_test

using namespace common_grams_test;

BOOST_AUTO_TEST_SUITE(common_grams)

BOOST_AUTO_TEST_CASE(pairs_of_a_common_word_are_indexed_without_weight) {
  Schema schema = gram_schema({"compani", "said"});
  DocumentBuilder builder(schema);
  Article a;
  a.id = "x";
  a.title = "Company results";
  a.body = "The company said profits rose. Shares fell.";
  a.language = "en";
  Xapian::Document doc = builder.build(a);
  BOOST_TEST(gram_doc_has(doc, "XGcompani result"));  // title
  BOOST_TEST(gram_doc_has(doc, "XGthe compani"));
  BOOST_TEST(gram_doc_has(doc, "XGcompani said"));
  BOOST_TEST(gram_doc_has(doc, "XGsaid profit"));
  BOOST_TEST(!gram_doc_has(doc, "XGprofit rose"));  // neither word is common
  // No pair across fields (the position gap), nor from prefixed terms.
  BOOST_TEST(!gram_doc_has(doc, "XGresult the"));
  BOOST_TEST(!gram_doc_has(doc, "XGScompani Sresult"));
  Xapian::TermIterator pair = doc.termlist_begin();
  pair.skip_to("XGcompani said");
  BOOST_TEST(pair.get_wdf() == 0u);
  // The document's length (the sum of its wdfs) is what it is without the list.
  auto length = [](const Xapian::Document& d) {
    Xapian::termcount n = 0;
    for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) n += t.get_wdf();
    return n;
  };
  Schema no_list = gram_schema({});
  DocumentBuilder plain(no_list);
  Xapian::Document without = plain.build(a);
  BOOST_TEST(doc.termlist_count() > without.termlist_count());
  BOOST_TEST(length(doc) == length(without));
}

BOOST_AUTO_TEST_CASE(add_pairs_finds_what_the_plain_rule_finds) {
  CommonGrams grams({"compani", "said", "the"}, {"a", "of"});
  const std::string huge(kMaxTermBytes, 'x');
  // (term, positions): repeated pairs, function words, a gap, prefixed terms between, two
  // terms at one position, a pair too long for a term, positions out of order.
  const std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> postings = {
      {"the", {1, 5, 9, 20, 31}},
      {"compani", {2, 6, 10, 13, 21, 40, 41}},
      {"said", {3, 7, 11, 14, 42}},
      {"a", {4, 12, 30}},
      {"of", {8}},
      {"rose", {15, 22}},
      {"Scompani", {16}},
      {"Ssaid", {17}},
      {"profit", {18, 43}},
      {"zeta", {21}},
      {"10", {19, 32}},
      {huge, {33}},
      {"\xc3\xa9t\xc3\xa9", {39, 44}},
  };
  for (std::size_t skip = 0; skip <= postings.size(); ++skip) {
    Xapian::Document doc;
    for (std::size_t i = 0; i < postings.size(); ++i) {
      if (i == skip) continue;
      for (Xapian::termpos pos : postings[i].second) doc.add_posting(postings[i].first, pos);
    }
    const auto [want, met] = gram_reference_pairs(grams, doc);
    BOOST_TEST(grams.add_pairs(doc) == met, "without posting " << skip);
    BOOST_TEST(gram_terms_of(doc) == want, "without posting " << skip);
  }
  Xapian::Document none;
  none.add_posting("rose", 1);
  none.add_posting("profit", 2);
  BOOST_TEST(grams.add_pairs(none) == 0u);
  BOOST_TEST(none.termlist_count() == 2u);
}

BOOST_AUTO_TEST_CASE(no_list_no_pairs) {
  Schema no_list = gram_schema({});
  DocumentBuilder builder(no_list);
  Article a;
  a.id = "x";
  a.title = "Company said";
  a.body = "The company said.";
  a.language = "en";
  Xapian::Document doc = builder.build(a);
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    BOOST_TEST((*t).rfind(kCommonGramPrefix, 0) != 0u, *t);
  }
}

BOOST_AUTO_TEST_CASE(function_words_are_not_paired) {
  Schema schema = gram_schema({"compani"}, {"the", "a"});
  DocumentBuilder builder(schema);
  Article a;
  a.id = "x";
  a.title = "Results";
  a.body = "The company said a company rose.";
  a.language = "en";
  Xapian::Document doc = builder.build(a);
  BOOST_TEST(!gram_doc_has(doc, "XGthe compani"));
  BOOST_TEST(!gram_doc_has(doc, "XGa compani"));
  BOOST_TEST(gram_doc_has(doc, "XGcompani said"));
  BOOST_TEST(gram_doc_has(doc, "XGcompani rose"));
  BOOST_TEST(!gram_doc_has(doc, "XGsaid a"));  // neither is common
  CommonGrams grams(schema.common_words, schema.common_not_with);
  BOOST_TEST(grams.paired("compani", "said"));
  BOOST_TEST(!grams.paired("the", "compani"));
  BOOST_TEST(!grams.paired("said", "rose"));
  // The function word is in no pair; the phrase is filtered by the one it has.
  std::vector<Xapian::Query> three{Xapian::Query("the"), Xapian::Query("compani"),
                                   Xapian::Query("said")};
  Xapian::Query phrase(Xapian::Query::OP_PHRASE, three.begin(), three.end(), 3);
  std::string read = grams.rewrite_phrases(phrase).get_description();
  BOOST_TEST(read.find("FILTER XGcompani said") != std::string::npos, read);
  // Only a function word beside the common word: nothing to gain, left as parsed.
  Xapian::Query plain(Xapian::Query::OP_PHRASE, Xapian::Query("the"), Xapian::Query("compani"));
  BOOST_TEST(grams.rewrite_phrases(plain).get_description() == plain.get_description());
}

BOOST_DATA_TEST_CASE(rewritten_phrases_match_the_same_articles_with_the_same_weights,
                     boost::unit_test::data::make({0, 1}), variant) {
  test::TempDir dir;
  Schema schema = variant == 0
                      ? gram_schema({"compani", "said", "the", "offer"})
                      : gram_schema({"compani", "said", "offer"}, {"the", "a", "in", "it"});
  build_gram_index(dir.str("db"), schema);
  Xapian::Database db(dir.str("db"));
  BOOST_TEST(db.get_avlength() > 0);
  CommonGrams grams(schema.common_words, schema.common_not_with);
  const char* const queries[] = {
      "\"the company\"",
      "\"company said\"",
      "\"said the company\"",
      "\"it said the offer\"",
      "\"company offer would it\"",
      "\"company company said\"",
      "\"said said offer offer\"",
      "\"shares in the company\"",
      "\"dlrs offering\"",
      "\"in a statement\"",
      "shares \"the company\"",
      "\"the company\" OR \"said the\"",
      "\"the offer\" -\"offer would\"",
      "offer AND NOT \"company said\"",
      "(\"said the\" OR shares) AND company",
      "\"would it\"",  // no common word: unchanged
  };
  for (const char* text : queries) {
    Xapian::Query original = gram_parsed(db, text);
    Xapian::Query rewritten = grams.rewrite_phrases(original);
    auto want = gram_matches(db, original);
    auto got = gram_matches(db, rewritten);
    BOOST_TEST_CONTEXT(text << " -> " << rewritten.get_description()) {
      BOOST_TEST(got.size() == want.size());
      for (const auto& [docid, weight] : want) {
        auto it = got.find(docid);
        BOOST_TEST((it != got.end()), "missing doc " << docid);
        if (it != got.end()) BOOST_TEST(it->second == weight, boost::test_tools::tolerance(1e-12));
      }
    }
  }
  // Something matched at all, and the common phrases were rewritten.
  BOOST_TEST(gram_matches(db, gram_parsed(db, "\"said the company\"")).size() >= 2u);
  BOOST_TEST(grams.rewrite_phrases(gram_parsed(db, "\"company said\""))
                 .get_description()
                 .find("XGcompani said") != std::string::npos);
  BOOST_TEST(grams.rewrite_phrases(gram_parsed(db, "\"would it\"")).get_description() ==
             gram_parsed(db, "\"would it\"").get_description());
}

BOOST_AUTO_TEST_CASE(a_phrase_leaves_only_short_lists_to_walk) {
  CommonGrams grams({"compani", "said"}, {});
  auto phrase = [](std::vector<std::string> words) {
    return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                         static_cast<Xapian::termcount>(words.size()));
  };
  // Two words, one common: the pair alone decides.
  std::string two = grams.rewrite_phrases(phrase({"the", "compani"})).get_description();
  BOOST_TEST(two.find("FILTER XGthe compani") != std::string::npos, two);
  // Longer: the phrase itself, filtered by its pairs.
  std::string four =
      grams.rewrite_phrases(phrase({"compani", "rare", "word", "said"})).get_description();
  BOOST_TEST(four.find("PHRASE 4") != std::string::npos, four);
  BOOST_TEST(four.find("FILTER (XGcompani rare AND XGword said)") != std::string::npos, four);
  // Not an exact phrase, a prefixed term, or no common word: as it was.
  Xapian::Query near(Xapian::Query::OP_NEAR, Xapian::Query("compani"), Xapian::Query("said"));
  BOOST_TEST(grams.rewrite_phrases(near).get_description() == near.get_description());
  Xapian::Query wide = grams.rewrite_phrases(phrase({"Scompani", "Ssaid"}));
  BOOST_TEST(wide.get_description() == phrase({"Scompani", "Ssaid"}).get_description());
  BOOST_TEST(grams.rewrite_phrases(phrase({"oil", "price"})).get_description() ==
             phrase({"oil", "price"}).get_description());
  // A weight scaled from outside is left alone rather than rebuilt.
  Xapian::Query scaled(Xapian::Query::OP_SCALE_WEIGHT, phrase({"the", "compani"}), 2.0);
  BOOST_TEST(grams.rewrite_phrases(scaled).get_description() == scaled.get_description());
  // A pair too long for a term is not indexed, so its phrase stays as parsed.
  std::string huge(kMaxTermBytes, 'x');
  BOOST_TEST(CommonGrams::pair_term(huge, "said").empty());
  BOOST_TEST(grams.rewrite_phrases(phrase({huge, "said"})).get_description() ==
             phrase({huge, "said"}).get_description());
  // No list: nothing changes.
  BOOST_TEST(CommonGrams().rewrite_phrases(phrase({"the", "compani"})).get_description() ==
             phrase({"the", "compani"}).get_description());
}

BOOST_AUTO_TEST_CASE(the_list_follows_the_index) {
  test::TempDir dir;
  Schema with = gram_schema({"said"});
  build_gram_index(dir.str("db"), with);
  {
    // An index with documents keeps its list whatever the file says.
    Xapian::WritableDatabase db = open_for_writing(dir.str("db"));
    Schema adopted = adopt_schema(db, test::news_schema(), dir.str("db"));
    BOOST_TEST(adopted.common_words == std::vector<std::string>{"said"});
  }
  {
    // An empty index takes the file's, and stores it.
    Xapian::WritableDatabase db = open_for_writing(dir.str("empty"));
    adopt_schema(db, test::news_schema(), dir.str("empty"));
    Schema adopted = adopt_schema(db, with, dir.str("empty"));
    BOOST_TEST(adopted.common_words == std::vector<std::string>{"said"});
    BOOST_TEST(stored_schema(db).common_words == std::vector<std::string>{"said"});
  }
}

BOOST_AUTO_TEST_CASE(frequent_terms_leave_out_function_words_numbers_and_prefixes) {
  test::TempDir dir;
  build_gram_index(dir.str("db"), test::news_schema());
  Xapian::Database db(dir.str("db"));
  auto words =
      CommonGrams::frequent_terms(db, 0.5, 10, [](const std::string& t) { return t == "the"; });
  BOOST_TEST(!words.empty());
  for (const std::string& w : words) {
    BOOST_TEST(w != "the");
    BOOST_TEST(!(w[0] >= 'A' && w[0] <= 'Z'), w);
  }
  // Most frequent first: every title is "Item N" (the numbers are left out).
  BOOST_TEST(words.front() == "item");
  BOOST_TEST(words.size() >= 3u);
  BOOST_TEST(CommonGrams::frequent_terms(db, 0.5, 1, nullptr).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(common_grams_schema)

BOOST_AUTO_TEST_CASE(the_lists_round_trip_and_bad_terms_are_refused) {
  const Schema& news = test::news_schema();
  BOOST_TEST(!news.common_words.empty());
  BOOST_TEST(!news.common_not_with.empty());
  Schema again = schema_from_json(schema_to_json(news));
  BOOST_TEST(again.common_words == news.common_words);
  BOOST_TEST(again.common_not_with == news.common_not_with);
  for (const char* bad : {R"({"words": ["two words"]})", R"({"words": ["Sprefixed"]})",
                          R"({"words": [""]})", R"({"words": [7]})", R"({"words": "said"})",
                          R"({"words": ["said"], "other": 1})", R"({"not_with": ["a b"]})"}) {
    nlohmann::json j = schema_to_json(news);
    j["common_grams"] = nlohmann::json::parse(bad);
    BOOST_CHECK_THROW(schema_from_json(j), Error);
  }
  nlohmann::json none = schema_to_json(news);
  none.erase("common_grams");
  BOOST_TEST(schema_from_json(none).common_words.empty());
}

BOOST_AUTO_TEST_SUITE_END()

#include "indexer/document_builder.h"

#include <map>

#include <boost/test/unit_test.hpp>

#include "tests/test_support.h"

using namespace dateline;

namespace {

bool has_term(const Xapian::Document& doc, const std::string& term) {
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

Xapian::termcount wdf(const Xapian::Document& doc, const std::string& term) {
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term ? it.get_wdf() : 0;
}

Article sample() {
  Article a;
  a.id = "x1";
  a.url = "https://ledger.example/x1";
  a.title = "Harbour expansion approved";
  a.body = "The council approved the expansion. Dredging starts in May.";
  a.authors = {"Ana Ruiz"};
  a.source = "The Harbor Ledger";
  a.section = "Business";
  a.tags = {"ports", "Local Politics"};
  a.language = "en";
  a.published_at = 1710408600;
  return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_builder)

BOOST_AUTO_TEST_CASE(indexes_terms_filters_values_and_data) {
  DocumentBuilder builder(test::news_schema());
  Xapian::Document doc = builder.build(sample());
  BOOST_TEST(has_term(doc, "Qx1"));
  BOOST_TEST(has_term(doc, "Sharbour"));
  BOOST_TEST(has_term(doc, "harbour"));
  BOOST_TEST(has_term(doc, "expans"));  // English stem of "expansion", as news.json stems all
  BOOST_TEST(!has_term(doc, "expansion"));
  BOOST_TEST(!has_term(doc, "Zexpans"));
  BOOST_TEST(has_term(doc, "Aruiz"));
  BOOST_TEST(has_term(doc, "XAana-ruiz"));
  BOOST_TEST(has_term(doc, "Gthe-harbor-ledger"));
  BOOST_TEST(has_term(doc, "XPbusiness"));
  BOOST_TEST(has_term(doc, "Klocal-politics"));
  BOOST_TEST(has_term(doc, "Len"));
  BOOST_TEST(has_term(doc, "D20240314"));
  BOOST_TEST(has_term(doc, "M202403"));
  BOOST_TEST(has_term(doc, "Y2024"));
  BOOST_TEST(doc.get_value(1) == "The Harbor Ledger");
  BOOST_TEST(Xapian::sortable_unserialise(doc.get_value(0)) == 1710408600.0);
  BOOST_TEST(nlohmann::json::parse(doc.get_data())["title"] == "Harbour expansion approved");
}

BOOST_AUTO_TEST_CASE(title_words_weigh_more_than_body_words) {
  DocumentBuilder builder(test::news_schema());
  Xapian::Document doc = builder.build(sample());
  // "approved" is in the title (weight 3) and once in the body (weight 1).
  BOOST_TEST(wdf(doc, "approv") == 4u);
  BOOST_TEST(wdf(doc, "dredg") == 1u);
}

BOOST_AUTO_TEST_CASE(phrases_do_not_span_fields) {
  DocumentBuilder builder(test::news_schema());
  Xapian::Document doc = builder.build(sample());
  // The last title word and the first body word must not be adjacent.
  Xapian::TermIterator t = doc.termlist_begin();
  t.skip_to("approv");
  BOOST_TEST_REQUIRE(*t == "approv");
  Xapian::termpos title_pos = *t.positionlist_begin();
  t.skip_to("the");
  BOOST_TEST_REQUIRE(*t == "the");
  Xapian::termpos body_pos = *t.positionlist_begin();
  BOOST_TEST(body_pos > title_pos + 50);
}

BOOST_AUTO_TEST_CASE(stems_with_the_article_language) {
  DocumentBuilder builder(test::news_schema());
  Article a = sample();
  a.language = "de";
  a.title = "Die Häfen wachsen";
  Xapian::Document doc = builder.build(a);
  BOOST_TEST(has_term(doc, "haf"));  // German stem of "Häfen"
  a.language = "zz";                 // no stemmer: words are indexed as they are
  Xapian::Document plain = builder.build(a);
  BOOST_TEST(has_term(plain, "häfen"));
  BOOST_TEST(!has_term(plain, "haf"));
}

BOOST_AUTO_TEST_CASE(stemming_some_keeps_words_as_written_and_prefixes_stems) {
  Schema schema = test::news_schema();
  schema.stem_all = false;  // as indexes built before "stemming" existed
  DocumentBuilder builder(schema);
  Xapian::Document doc = builder.build(sample());
  BOOST_TEST(has_term(doc, "expansion"));
  BOOST_TEST(has_term(doc, "Zexpans"));
  BOOST_TEST(!has_term(doc, "expans"));
  BOOST_TEST(wdf(doc, "approved") == 4u);
  // Positions belong to the words as written; the stems have none.
  Xapian::TermIterator word = doc.termlist_begin();
  word.skip_to("expansion");
  BOOST_TEST(word.positionlist_count() == 2u);
  Xapian::TermIterator stem = doc.termlist_begin();
  stem.skip_to("Zexpans");
  BOOST_TEST(stem.positionlist_count() == 0u);
}

BOOST_AUTO_TEST_CASE(stemming_all_puts_positions_on_the_stems) {
  DocumentBuilder builder(test::news_schema());
  Xapian::Document doc = builder.build(sample());
  Xapian::TermIterator any = doc.termlist_begin();
  any.skip_to("expans");
  BOOST_TEST_REQUIRE(*any == "expans");
  BOOST_TEST(any.positionlist_count() == 2u);  // title and body: phrases match on stems
  Xapian::TermIterator title = doc.termlist_begin();
  title.skip_to("Sexpans");
  BOOST_TEST_REQUIRE(*title == "Sexpans");
  BOOST_TEST(title.positionlist_count() == 1u);
}

BOOST_AUTO_TEST_CASE(finds_the_names_of_a_body_for_spelling) {
  using Names = std::vector<std::string>;
  BOOST_TEST(names_in("Shares of Gemcraft rose. Analysts at McDonnell Douglas and OPEC said "
                      "the Belmoral mine, near Zürich, reopened; \"Kessbach\" is a town.") ==
                 (Names{"gemcraft", "mcdonnell", "douglas", "belmoral", "zürich"}),
             boost::test_tools::per_element());
  BOOST_TEST(names_in("").empty());
  BOOST_TEST(names_in("Ann met Bob on May 3 and in B2B talks.").empty());
  // Letters past ASCII, a title-case letter, an invalid byte (read as U+00FF, as Xapian reads
  // it), curly quotes and blank lines starting sentences: as the first version found them.
  BOOST_TEST(names_in("Then \xc3\x85ngstr\xc3\xb6m met M\xc3\xbcller. \xce\xa3\xcf\x89\xce\xba\xcf"
                      "\x81\xce\xac\xcf\x84\xce\xb7\xcf\x82 spoke with Bj\xc3\xb6rn_2 and \xc3\x89"
                      "COLE staff at Z\xc3\xbcrich, \xc7\x85"
                      "emal and Gem\xff"
                      "craft, \xe2\x80\x9c"
                      "Quoted words\xe2\x80\x9d Kwame Nkrumah\n\nNewline Start Here") ==
                 (Names{"\xc3\xa5ngstr\xc3\xb6m", "m\xc3\xbcller", "z\xc3\xbcrich",
                        "gem\xc3\xbf"
                        "craft",
                        "kwame", "nkrumah", "start", "here"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(body_names_reach_the_spelling_table) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), R"({"id":"1","title":"Mine reopens","body":"Workers at )"
                                   R"(the Belmoral mine returned."})");
  Xapian::Database db(dir.str("db"));
  std::map<std::string, Xapian::doccount> words;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
    words[*it] = it.get_termfreq();
  BOOST_TEST(words["belmoral"] == 1u);
  BOOST_TEST(words.count("workers") == 0u);  // a sentence's first word
  BOOST_TEST(words["mine"] == 1u);           // the title's words, as before
  BOOST_TEST(db.get_spelling_suggestion("belmroal") == "belmoral");
}

BOOST_AUTO_TEST_SUITE_END()

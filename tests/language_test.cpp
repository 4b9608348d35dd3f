#include "schema/language.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "schema/article.h"

using namespace dateline;

BOOST_AUTO_TEST_SUITE(language)

BOOST_AUTO_TEST_CASE(detects_the_language_of_news_text) {
  BOOST_TEST(detect_language("The harbour authority said on Tuesday that the new ferry terminal "
                             "would open next spring after two years of delays and rising costs.",
                             "xx") == "en");
  BOOST_TEST(detect_language("Die Hafenbehörde teilte am Dienstag mit, dass das neue Fährterminal "
                             "nach zwei Jahren Verzögerung im kommenden Frühjahr öffnen werde.",
                             "xx") == "de");
  BOOST_TEST(detect_language("L'autorité portuaire a annoncé mardi que le nouveau terminal des "
                             "ferries ouvrirait au printemps prochain après deux ans de retard.",
                             "xx") == "fr");
  BOOST_TEST(detect_language("La autoridad portuaria anunció el martes que la nueva terminal de "
                             "ferris abrirá la próxima primavera tras dos años de retrasos.",
                             "xx") == "es");
}

BOOST_AUTO_TEST_CASE(falls_back_when_there_is_too_little_to_go_on) {
  BOOST_TEST(detect_language("", "en") == "en");
  BOOST_TEST(detect_language("Oslo 2025", "en") == "en");
  BOOST_TEST(detect_language("12345 67890 !!! ???", "de") == "de");
}

BOOST_AUTO_TEST_CASE(records_without_language_get_the_detected_one_and_given_ones_stay) {
  nlohmann::json german = {{"id", "a"},
                           {"title", "Regierung beschließt neues Klimaschutzgesetz"},
                           {"body",
                            "Die Bundesregierung hat am Mittwoch ein neues Gesetz zum "
                            "Klimaschutz beschlossen, das strengere Ziele für die "
                            "Industrie und den Verkehr vorsieht."}};
  Record detected = record_from_json(german, "en", ArticleLimits{});
  BOOST_TEST(std::get<Article>(detected).language == "de");
  german["language"] = "en";  // the record's word wins, even when it looks wrong
  BOOST_TEST(std::get<Article>(record_from_json(german, "fr", ArticleLimits{})).language == "en");
  nlohmann::json terse = {{"id", "b"}, {"title", "Oslo"}};
  BOOST_TEST(std::get<Article>(record_from_json(terse, "fr", ArticleLimits{})).language == "fr");
}

BOOST_AUTO_TEST_SUITE_END()

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "index/common_grams.h"
#include "index/database.h"
#include "query/stopwords.h"

namespace dateline::cli {

void add_common_words_command(CLI::App& app, int& exit_code) {
  auto db = std::make_shared<std::string>("var/db");
  auto share = std::make_shared<double>(0.1);
  auto limit = std::make_shared<std::size_t>(64);
  CLI::App* cmd = app.add_subcommand(
      "common-words",
      "Print an index's most frequent content words, as a schema's \"common_grams\" entry");
  cmd->add_option("--db", *db, "Index directory")->capture_default_str();
  cmd->add_option("--share", *share, "Least share of the articles a word is in")
      ->check(CLI::Range(0.0001, 1.0))
      ->capture_default_str();
  cmd->add_option("--limit", *limit, "Most words printed")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->callback([db, share, limit, &exit_code] {
    exit_code = guarded("common-words", [&] {
      Xapian::Database index = open_for_reading(*db);
      Schema schema = stored_schema(index, *db);
      // Function words stay out: a phrase of them is rare, and their pairs would be most of
      // the pairs indexed.
      const Xapian::Stopper* function_words = stopper_for(schema.default_language);
      auto excluded = [function_words](const std::string& term) {
        return function_words != nullptr && (*function_words)(term);
      };
      nlohmann::json words = CommonGrams::frequent_terms(index, *share, *limit, excluded);
      std::cout << nlohmann::json{{"common_grams", {{"words", words}}}}.dump() << "\n";
      return 0;
    });
  });
}

}  // namespace dateline::cli

#include <iostream>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "index/common_grams.h"
#include "index/database.h"
#include "index/terms.h"
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
      Xapian::Database index = open_index_for_reading(*db);
      Schema schema = stored_schema(index, *db);
      // Function words are neither common words nor paired with them (index/common_grams.h):
      // not_with holds them as the index holds them (stemmed under "stemming": "all").
      const Xapian::Stopper* function_words = stopper_for(schema.default_language);
      auto excluded = [function_words](const std::string& term) {
        return function_words != nullptr && (*function_words)(term);
      };
      nlohmann::json words = CommonGrams::frequent_terms(index, *share, *limit, excluded);
      std::set<std::string> not_with;
      const Xapian::Stem stem = stemmer_for(schema.default_language);
      for (const std::string& word : dateline::function_words(schema.default_language)) {
        not_with.insert(schema.stem_all && !stem.is_none() ? stem(word) : word);
      }
      std::cout
          << nlohmann::json{{"common_grams", {{"words", words}, {"not_with", not_with}}}}.dump()
          << "\n";
      return 0;
    });
  });
}

}  // namespace dateline::cli

// `dateline curations export|import`: the editor's picks stored in an index (server/curations.h),
// for carrying them into a new index before a reindex is swapped in (docs/OPERATIONS.md).
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "core/error.h"
#include "index/database.h"
#include "index/format.h"
#include "server/article_writer.h"
#include "server/curation_store.h"

namespace dateline::cli {

void add_curations_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "curations", "Export or import the editor's picks stored in an index (docs/API.md)");
  cmd->require_subcommand(1);

  auto from = std::make_shared<std::string>();
  CLI::App* out = cmd->add_subcommand(
      "export", "Print the index's rules as JSON ({\"rules\": [...]}, a valid import file)");
  out->add_option("--db", *from, "Index directory")->required();
  out->callback([from, &exit_code] {
    exit_code = guarded("curations export", [&] {
      std::string stored = open_index_for_reading(*from).get_metadata(kCurationsMetadataKey);
      std::cout << curation_rules_to_json(read_stored_curations(stored)).dump(2) << "\n";
      return 0;
    });
  });

  auto into = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  CLI::App* in = cmd->add_subcommand(
      "import", "Replace the index's rules with the file's (JSON, as export prints it)");
  in->add_option("--db", *into, "Index directory")->required();
  in->add_option("file", *file, "Rules file")->required();
  in->callback([into, file, &exit_code] {
    exit_code = guarded("curations import", [&] {
      keep_changesets_for_replicas();
      std::ifstream stream(*file, std::ios::binary);
      if (!stream) throw Error(ErrorKind::kNotFound, "cannot read " + *file);
      std::ostringstream text;
      text << stream.rdbuf();
      std::vector<CurationRule> rules = parse_curation_rules(text.str());
      ArticleWriter writer(*into, std::chrono::seconds(10));
      replace_curations(writer, rules);
      std::cout << "imported " << rules.size() << (rules.size() == 1 ? " rule" : " rules") << "\n";
      return 0;
    });
  });
}

}  // namespace dateline::cli

// The newsroom's commands (docs/NEWSROOM.md): releasing embargoed articles' held-back words.
#include <iostream>
#include <memory>

#include <xapian.h>

#include "cli/commands.h"
#include "index/database.h"
#include "indexer/index_writer.h"

namespace dateline::cli {

void add_release_command(CLI::App& app, int& exit_code) {
  auto db = std::make_shared<std::string>();
  auto wait = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "release",
      "Add the spelling words and autocomplete pairs of articles whose embargo has lifted (held "
      "back until then). Every index job and admin write does this too; run it from cron (every "
      "minute) when neither happens often. Exit 0: done; 1: fatal error.");
  cmd->add_option("--db", *db, "Index directory")->required();
  cmd->add_flag("--wait", *wait, "Wait for another writer to finish instead of failing");
  cmd->callback([db, wait, &exit_code] {
    exit_code = guarded("release", [&] {
      Schema schema = stored_schema(open_for_reading(*db), *db);
      IndexWriter writer(*db, schema, WriterOptions{*wait});
      std::size_t released = writer.commit();
      std::cout << "released " << released << (released == 1 ? " article" : " articles") << "\n";
      return 0;
    });
  });
}

}  // namespace dateline::cli

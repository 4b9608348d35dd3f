// The newsroom's commands (docs/NEWSROOM.md): releasing embargoed articles' held-back words,
// takedowns, and the audit log.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "cli/commands.h"
#include "core/clock.h"
#include "index/database.h"
#include "indexer/index_writer.h"
#include "indexer/newsroom_store.h"
#include "indexer/takedown.h"
#include "schema/dates.h"

namespace dateline::cli {
namespace {

// The --newsroom-store option every newsroom command takes (env DATELINE_NEWSROOM_STORE).
void add_store_option(CLI::App* cmd, std::string& store) {
  cmd->add_option("--newsroom-store", store,
                  "The takedowns and audit store (default: newsroom.sqlite beside the index)")
      ->envname("DATELINE_NEWSROOM_STORE");
}

std::string store_path(const std::string& given, const std::string& db) {
  return given.empty() ? default_newsroom_store(db) : given;
}

struct TakedownArgs {
  std::string db, store, id, reason;
  bool wait = false;
};

int run_takedown(const TakedownArgs& args) {
  NewsroomStore store(store_path(args.store, args.db));
  Schema schema = stored_schema(open_index_for_reading(args.db), args.db);
  IndexWriter writer(args.db, schema, WriterOptions{args.wait});
  TakedownOutcome outcome = take_down(writer, store, args.id, args.reason, "cli", unix_now());
  std::cout << (outcome.removed ? "took down " : "recorded the takedown of ") << args.id
            << (outcome.removed ? "" : " (it is not in the index)") << ": "
            << taken_down_reason(outcome.takedown) << "\n";
  return 0;
}

}  // namespace

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
      keep_changesets_for_replicas();
      Schema schema = stored_schema(open_index_for_reading(*db), *db);
      IndexWriter writer(*db, schema, WriterOptions{*wait});
      std::size_t released = writer.commit();
      std::cout << "released " << released << (released == 1 ? " article" : " articles") << "\n";
      return 0;
    });
  });
}

void add_takedown_commands(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<TakedownArgs>();
  CLI::App* cmd = app.add_subcommand(
      "takedown",
      "Take an article down for legal or rights reasons: record a tombstone (id, reason, time) "
      "that every later ingest checks, then remove the article and its words from the index. "
      "Exit 0: recorded (and removed, when it was in the index); 1: fatal error.");
  cmd->add_option("--db", args->db, "Index directory")->required();
  cmd->add_option("--id", args->id, "The article's id")->required();
  cmd->add_option("--reason", args->reason, "The legal or rights ground, for the record")
      ->required();
  add_store_option(cmd, args->store);
  cmd->add_flag("--wait", args->wait, "Wait for another writer to finish instead of failing");
  cmd->callback([args, &exit_code] {
    exit_code = guarded("takedown", [&] {
      keep_changesets_for_replicas();
      return run_takedown(*args);
    });
  });

  auto list = std::make_shared<TakedownArgs>();
  auto json = std::make_shared<bool>(false);
  CLI::App* listing = app.add_subcommand("takedowns", "List the takedowns: id, date, reason");
  listing->add_option("--db", list->db, "Index directory")->required();
  add_store_option(listing, list->store);
  listing->add_flag("--json", *json, "One JSON object per line");
  listing->callback([list, json, &exit_code] {
    exit_code = guarded("takedowns", [&] {
      for (const auto& [id, t] : load_takedowns(store_path(list->store, list->db))) {
        if (*json) {
          std::cout << nlohmann::json{{"id", id},
                                      {"at", format_rfc3339(t.at)},
                                      {"reason", t.reason}}
                           .dump()
                    << "\n";
        } else {
          std::cout << format_rfc3339(t.at) << "\t" << id << "\t" << t.reason << "\n";
        }
      }
      return 0;
    });
  });
}

}  // namespace dateline::cli

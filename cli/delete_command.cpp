#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "indexer/deleter.h"

namespace dateline::cli {
namespace {

struct DeleteArgs {
  std::string db;
  std::vector<std::string> ids;
  std::string older_than;
  std::string query;
  bool expired = false;
  bool dry_run = false;
  bool wait = false;
};

int run_delete_command(const DeleteArgs& args) {
  DeleteRequest request;
  request.ids = args.ids;
  request.query = args.query;
  request.expired = args.expired;
  request.dry_run = args.dry_run;
  request.wait_for_lock = args.wait;
  if (!args.older_than.empty()) {
    request.older_than = parse_age(args.older_than);
    if (!request.older_than) {
      throw Error(ErrorKind::kInvalidArgument,
                  "--older-than expects a count and a unit (s, m, h, d, w), e.g. 365d; got '" +
                      args.older_than + "'");
    }
  }
  DeleteResult result = run_delete(args.db, request);
  const char* verb = args.dry_run ? "would delete " : "deleted ";
  for (const std::string& id : result.deleted) std::cout << verb << id << "\n";
  for (const std::string& id : result.missing) std::cerr << "no article with id " << id << "\n";
  std::cout << (args.dry_run ? "dry run: would delete " : "deleted ") << result.deleted.size()
            << (result.deleted.size() == 1 ? " article" : " articles") << "; index has "
            << result.documents << " documents\n";
  return result.missing.empty() ? 0 : 2;
}

}  // namespace

void add_delete_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DeleteArgs>();
  CLI::App* cmd = app.add_subcommand(
      "delete",
      "Delete articles by id, by age (--older-than 365d: published before then) or by query "
      "(--query 'source:foo'), or expired (--expired), printing each id. Exit 0: done; 2: some ids "
      "were not found; "
      "1: fatal error.");
  cmd->add_option("--db", args->db, "Index directory")->required();
  cmd->add_option("--id", args->ids, "Article id (repeatable; several may follow one --id)");
  cmd->add_option("--older-than", args->older_than,
                  "Delete articles published more than this long ago: 365d, 12h, 2w");
  cmd->add_option("--query", args->query,
                  "Delete the articles matching this query (with --older-than: and older)");
  cmd->add_flag("--expired", args->expired,
                "Delete the articles whose expires_at has passed, for good (search already "
                "hides them)");
  cmd->add_flag("--dry-run", args->dry_run, "List what would be deleted; change nothing");
  cmd->add_flag("--wait", args->wait, "Wait for another writer to finish instead of failing");
  cmd->callback([args, &exit_code] {
    exit_code = guarded("delete", [&] {
      keep_changesets_for_replicas();
      return run_delete_command(*args);
    });
  });
}

}  // namespace dateline::cli

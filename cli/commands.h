// The dateline subcommands. Each add_* registers its subcommand on `app`; when that subcommand
// is chosen, its callback runs and stores the process exit code in `exit_code`.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace dateline::cli {

void add_index_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);
void add_search_command(CLI::App& app, int& exit_code);
void add_stats_command(CLI::App& app, int& exit_code);
void add_delete_command(CLI::App& app, int& exit_code);
void add_release_command(CLI::App& app, int& exit_code);
void add_takedown_commands(CLI::App& app, int& exit_code);  // takedown, takedowns
void add_curations_command(CLI::App& app, int& exit_code);
void add_common_words_command(CLI::App& app, int& exit_code);
void add_reshard_command(CLI::App& app, int& exit_code);

// The schema file used when --schema is not given: $DATELINE_SCHEMA, else schema/news.json in
// the source tree the binary was built from.
std::string default_schema_path();

// The search page directory used when --web is not given: $DATELINE_WEB, else web/ in the source
// tree.
std::string default_web_root();

// So that replicas (xapian-replicate, docs/SCALING.md) get each commit of this process as a
// changeset rather than a full copy: sets XAPIAN_MAX_CHANGESETS (Xapian keeps that many changeset
// files beside the index) unless the environment already sets it. Call before threads start.
// Not for bulk builds: their new index reaches a replica as a full copy anyway.
void keep_changesets_for_replicas();

// Runs `body`, turning any exception (Xapian::Error too) into "dateline CMD: message" on stderr
// and exit code 1.
int guarded(const char* command, const std::function<int()>& body);

}  // namespace dateline::cli

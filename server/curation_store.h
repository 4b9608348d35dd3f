// Where the editor's picks live: the index's metadata (kCurationsMetadataKey, index/format.h), so
// that replicas and shards carry them with the index. Writes go through ArticleWriter (the
// server's one write path: bounded lock wait, commit, close); reads are the search service's.
// No HTTP here.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "server/article_writer.h"
#include "server/curations.h"

namespace dateline {

// The rules in the stored text ("" = none). Throws Error(kInvalidArgument) when the text is not
// a valid rule set.
std::vector<CurationRule> read_stored_curations(const std::string& stored);

// Creates or replaces the rule with rule.id; returns true when it was new. Throws
// Error(kInvalidArgument) when a new rule would pass kMaxCurationRules; else as
// ArticleWriter::update_metadata.
bool put_curation(ArticleWriter& writer, const CurationRule& rule);

// Removes the rule with `id`; returns false (and writes nothing) when there was none.
bool delete_curation(ArticleWriter& writer, const std::string& id);

// Replaces every stored rule with `rules` (`dateline curations import`). Throws as
// ArticleWriter::update_metadata.
void replace_curations(ArticleWriter& writer, const std::vector<CurationRule>& rules);

// The --curations file (docs/OPERATIONS.md): its rules replace the stored ones whenever its text
// changes. The fingerprint of the last text imported is stored beside the rules, so a restart
// with an unchanged file keeps the edits made through the API since. Not thread-safe: called
// from the writer thread only.
class CurationFile {
 public:
  // `db_path`: the index as configured (a symlink is followed at each look).
  CurationFile(std::string path, std::string db_path);

  // Imports the file when its modification time changed since the last look, or the index path
  // now resolves to another directory (a reindex swapped in, without the rules), and its text
  // differs from the last import into that index. Returns the number of rules imported, or nullopt
  // when nothing was imported. A file that cannot be read or is not a valid rule set is logged (one
  // line on stderr) and the stored rules stay.
  std::optional<std::size_t> import_if_changed(ArticleWriter& writer);

 private:
  std::string path_;
  std::string db_path_;
  std::string seen_index_;  // the directory db_path resolved to at the last look
  std::filesystem::file_time_type seen_mtime_{};
};

}  // namespace dateline

// Query-time synonyms from a plain file, e.g.
//     # comment
//     us, united states, u.s., usa
//     ev, electric vehicle
// Each line is a group of equivalent words or phrases. A query word or phrase in a group is
// searched as any member of the group. Applied to the query text before parsing, so the result
// is an ordinary Xapian query (which also runs on remote shards) and the index needs no rebuild.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace dateline {

class SynonymTable {
 public:
  // Parses the file's text. Members are lower-cased and whitespace-folded; a group with fewer
  // than two members is ignored.
  static SynonymTable parse(const std::string& text);

  // Rewrites `q`: every run of words (outside quotes, not part of field:value) equal to a
  // member becomes (member OR "other member" OR ...), longest match first. Returns `q`
  // unchanged when nothing matches.
  std::string expand(const std::string& q) const;

  bool empty() const { return groups_.empty(); }

 private:
  std::vector<std::vector<std::vector<std::string>>> groups_;  // group -> member -> words
};

// A SynonymTable kept in step with its file: reloaded when the file's modification time
// changes (checked at most once per `check_interval`). Not thread-safe: one per server thread.
class SynonymFile {
 public:
  explicit SynonymFile(std::string path,
                       std::chrono::milliseconds check_interval = std::chrono::seconds(1));

  // The current table (empty when there is no path or the file cannot be read).
  const SynonymTable& table();

 private:
  std::string path_;
  std::chrono::milliseconds check_interval_;
  SynonymTable table_;
  std::filesystem::file_time_type loaded_mtime_{};
  std::chrono::steady_clock::time_point next_check_{};
};

}  // namespace dateline

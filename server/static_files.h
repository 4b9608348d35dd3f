// The search page's files, read into memory once when the server starts. A request names a file
// only as a key into this table: no path is ever built from a request, so nothing outside the web
// root (an absolute path, a symlink, /proc, a FIFO) can be reached, whatever the URL says.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace dateline {

// Bounds on what load_static_files() reads; a web root past one is refused at start-up.
struct StaticFileLimits {
  std::size_t max_files = 1000;            // files (not directories) under the web root
  std::size_t max_file_bytes = 4 << 20;    // one file
  std::size_t max_total_bytes = 32 << 20;  // all files together
};

struct StaticFile {
  std::string content_type;  // from the extension; application/octet-stream when unknown
  std::string body;
};

// An immutable table from a relative name ("index.html", "js/app.js") to a file's bytes.
class StaticFiles {
 public:
  // The file stored under `name`, or null. `name` is compared as an opaque string.
  const StaticFile* find(std::string_view name) const;

  std::size_t size() const { return files_.size(); }

 private:
  friend std::shared_ptr<const StaticFiles> load_static_files(const std::string&,
                                                              const StaticFileLimits&);
  std::map<std::string, StaticFile, std::less<>> files_;
};

// Reads every regular file below `root` (recursively; names relative to it, '/'-separated).
// Hidden names (starting with '.'), symlinks, devices, FIFOs and sockets are skipped, never
// followed. Throws Error(kInvalidArgument) when `root` is not a directory or a limit is exceeded,
// naming the file and the limit.
std::shared_ptr<const StaticFiles> load_static_files(const std::string& root,
                                                     const StaticFileLimits& limits = {});

}  // namespace dateline

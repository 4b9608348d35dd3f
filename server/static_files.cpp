#include "server/static_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/error.h"

namespace dateline {
namespace {

namespace fs = std::filesystem;

std::string content_type_for(const fs::path& path) {
  std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".json") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

[[noreturn]] void refuse(const std::string& message) {
  throw Error(ErrorKind::kInvalidArgument, "web root: " + message);
}

bool hidden(const fs::path& relative) {
  for (const fs::path& part : relative) {
    if (!part.empty() && part.native()[0] == '.') return true;
  }
  return false;
}

}  // namespace

const StaticFile* StaticFiles::find(std::string_view name) const {
  auto it = files_.find(name);
  return it == files_.end() ? nullptr : &it->second;
}

std::shared_ptr<const StaticFiles> load_static_files(const std::string& root,
                                                     const StaticFileLimits& limits) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(root, ec)) && !fs::is_directory(root, ec)) {
    refuse(root + " is not a directory");
  }
  auto table = std::make_shared<StaticFiles>();
  std::size_t total = 0;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) refuse("cannot read " + root + ": " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) refuse("cannot read " + root + ": " + ec.message());
    const fs::path relative = it->path().lexically_relative(root);
    fs::file_status status = it->symlink_status(ec);
    if (ec) refuse("cannot read " + it->path().string() + ": " + ec.message());
    if (hidden(relative)) {
      if (fs::is_directory(status)) it.disable_recursion_pending();
      continue;
    }
    if (!fs::is_regular_file(status)) continue;  // directories are walked; the rest skipped
    if (table->files_.size() == limits.max_files) {
      refuse("more than " + std::to_string(limits.max_files) + " files");
    }
    std::uintmax_t bytes = it->file_size(ec);
    if (ec) refuse("cannot read " + it->path().string() + ": " + ec.message());
    if (bytes > limits.max_file_bytes) {
      refuse(it->path().string() + " is larger than " + std::to_string(limits.max_file_bytes) +
             " bytes");
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::string body;
    body.reserve(bytes);
    // Read at most the limit + 1, in case the file grew since file_size().
    std::istreambuf_iterator<char> from(in), end;
    for (; from != end && body.size() <= limits.max_file_bytes; ++from) body.push_back(*from);
    if (!in && !in.eof()) refuse("cannot read " + it->path().string());
    if (body.size() > limits.max_file_bytes) {
      refuse(it->path().string() + " is larger than " + std::to_string(limits.max_file_bytes) +
             " bytes");
    }
    total += body.size();
    if (total > limits.max_total_bytes) {
      refuse("files add up to more than " + std::to_string(limits.max_total_bytes) + " bytes");
    }
    table->files_.emplace(relative.generic_string(),
                          StaticFile{content_type_for(relative), std::move(body)});
  }
  return table;
}

}  // namespace dateline

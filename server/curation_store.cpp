#include "server/curation_store.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/clock.h"
#include "core/error.h"
#include "core/text.h"
#include "index/database.h"
#include "index/format.h"

namespace dateline {
namespace {

// The fingerprint of the last file text imported (hex FNV-1a), beside the rules.
constexpr const char* kImportedMetadataKey = "dateline:curations_file";

std::string stored_text(const std::vector<CurationRule>& rules) {
  return rules.empty() ? std::string() : curation_rules_to_json(rules).dump();
}

std::string fingerprint(const std::string& text) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(text)));
  return hex;
}

}  // namespace

std::vector<CurationRule> read_stored_curations(const std::string& stored) {
  if (stored.empty()) return {};
  return parse_curation_rules(stored);
}

bool put_curation(ArticleWriter& writer, const CurationRule& rule) {
  bool created = false;
  writer.update_metadata({kCurationsMetadataKey}, [&](ArticleWriter::MetadataValues& values) {
    std::vector<CurationRule> rules = read_stored_curations(values[kCurationsMetadataKey]);
    auto it = std::find_if(rules.begin(), rules.end(),
                           [&](const CurationRule& r) { return r.id == rule.id; });
    created = it == rules.end();
    if (created && rules.size() >= kMaxCurationRules) {
      throw Error(ErrorKind::kInvalidArgument,
                  "at most " + std::to_string(kMaxCurationRules) + " curation rules");
    }
    if (created) {
      rules.push_back(rule);
    } else {
      *it = rule;
    }
    values[kCurationsMetadataKey] = stored_text(rules);
    return true;
  });
  return created;
}

bool delete_curation(ArticleWriter& writer, const std::string& id) {
  bool found = false;
  writer.update_metadata({kCurationsMetadataKey}, [&](ArticleWriter::MetadataValues& values) {
    std::vector<CurationRule> rules = read_stored_curations(values[kCurationsMetadataKey]);
    auto end = std::remove_if(rules.begin(), rules.end(),
                              [&](const CurationRule& r) { return r.id == id; });
    found = end != rules.end();
    if (!found) return false;
    rules.erase(end, rules.end());
    values[kCurationsMetadataKey] = stored_text(rules);
    return true;
  });
  return found;
}

void replace_curations(ArticleWriter& writer, const std::vector<CurationRule>& rules) {
  writer.update_metadata({kCurationsMetadataKey}, [&](ArticleWriter::MetadataValues& values) {
    values[kCurationsMetadataKey] = stored_text(rules);
    return true;
  });
}

CurationFile::CurationFile(std::string path, std::string db_path)
    : path_(std::move(path)), db_path_(std::move(db_path)) {}

std::optional<std::size_t> CurationFile::import_if_changed(ArticleWriter& writer) {
  if (std::string index = resolved_index_path(db_path_); index != seen_index_) {
    seen_index_ = index;
    seen_mtime_ = {};  // a new index: look at the file again
  }
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(path_, ec);
  if (ec) {
    if (seen_mtime_ != std::filesystem::file_time_type{}) {
      std::fprintf(stderr, "event=curations_file_unreadable path=\"%s\" error=\"%s\"\n",
                   path_.c_str(), ec.message().c_str());
    }
    seen_mtime_ = {};
    return std::nullopt;
  }
  if (mtime == seen_mtime_) return std::nullopt;
  seen_mtime_ = mtime;
  std::ifstream in(path_, std::ios::binary);
  std::string text;
  if (in) {
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  std::vector<CurationRule> rules;
  try {
    if (!in) throw Error(ErrorKind::kNotFound, "cannot read the file");
    rules = parse_curation_rules(text);
  } catch (const Error& e) {
    std::fprintf(stderr, "event=curations_file_rejected path=\"%s\" error=\"%s\"\n", path_.c_str(),
                 e.what());
    return std::nullopt;
  }
  // The rules and the fingerprint of the text they came from, in one commit; an unchanged text
  // (a restart, a touch) writes nothing, so the API's edits since the last import stay.
  std::string print = fingerprint(text);
  bool imported = false;
  try {
    writer.update_metadata({kCurationsMetadataKey, kImportedMetadataKey},
                           [&](ArticleWriter::MetadataValues& values) {
                             if (values[kImportedMetadataKey] == print) return false;
                             values[kImportedMetadataKey] = print;
                             values[kCurationsMetadataKey] = stored_text(rules);
                             imported = true;
                             return true;
                           });
  } catch (...) {
    seen_mtime_ = {};  // not imported (the index locked by a job, say): try again next look
    throw;
  }
  if (!imported) return std::nullopt;
  std::fprintf(stderr, "event=curations_imported path=\"%s\" rules=%zu\n", path_.c_str(),
               rules.size());
  try {
    writer.audit({unix_now(), "file", "curation.import",
                  path_ + ": " + std::to_string(rules.size()) + " rules"});
  } catch (const Error& e) {
    std::fprintf(stderr, "event=audit_failed error=\"%s\"\n", e.what());
  }
  return rules.size();
}

}  // namespace dateline

#include "cli/job_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dateline::cli {

nlohmann::json summary_to_json(const IndexSummary& s) {
  double rate = s.seconds > 0 ? static_cast<double>(s.indexed) / s.seconds : 0.0;
  return {{"read", s.read},
          {"indexed", s.indexed},
          {"deleted", s.deleted},
          {"delete_missing", s.delete_missing},
          {"rejected", s.rejected},
          {"repaired", s.repaired},
          {"fields_cut", s.fields_cut},
          {"commits", s.commits},
          {"writers", s.writers},
          {"documents", s.documents},
          {"dry_run", s.dry_run},
          {"seconds", std::round(s.seconds * 1000) / 1000},
          {"articles_per_second", std::round(rate * 10) / 10}};
}

std::string summary_to_text(const IndexSummary& s) {
  double rate = s.seconds > 0 ? static_cast<double>(s.indexed) / s.seconds : 0.0;
  char buf[320];
  if (s.dry_run) {
    std::snprintf(buf, sizeof buf,
                  "dry run: read %zu, would index %zu, would delete %zu, rejected %zu in %.2f s; "
                  "nothing written; index has %zu documents",
                  s.read, s.indexed, s.deleted, s.rejected, s.seconds, s.documents);
  } else {
    std::snprintf(buf, sizeof buf,
                  "read %zu, indexed %zu, deleted %zu, rejected %zu in %.2f s (%.0f articles/s); "
                  "index has %zu documents",
                  s.read, s.indexed, s.deleted, s.rejected, s.seconds, rate, s.documents);
  }
  std::string line = buf;
  if (s.delete_missing > 0) {
    line += "; " + std::to_string(s.delete_missing) + " deletes named unknown ids";
  }
  if (s.repaired > 0) {
    line += "; invalid UTF-8 repaired (U+FFFD) in " + std::to_string(s.repaired) +
            (s.repaired == 1 ? " record" : " records");
  }
  if (s.fields_cut > 0) {
    line += "; " + std::to_string(s.fields_cut) +
            (s.fields_cut == 1 ? " oversized field cut" : " oversized fields cut");
  }
  return line;
}

std::string progress_to_text(const JobProgress& p) {
  double rate = p.seconds > 0 ? static_cast<double>(p.records) / p.seconds : 0.0;
  char buf[200];
  int n = std::snprintf(buf, sizeof buf, "%zu records, %.0f/s, %.1f", p.records, rate,
                        static_cast<double>(p.bytes_done) / 1e6);
  std::string line(buf, static_cast<std::size_t>(n));
  if (p.bytes_total > 0) {
    double fraction =
        std::min(1.0, static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total));
    std::snprintf(buf, sizeof buf, " of %.1f MB (%.0f%%)", static_cast<double>(p.bytes_total) / 1e6,
                  fraction * 100);
    line += buf;
    if (fraction > 0.001 && p.seconds > 1) {
      auto eta = static_cast<long>(p.seconds * (1 - fraction) / fraction);
      std::snprintf(buf, sizeof buf, ", ETA %ld:%02ld", eta / 60, eta % 60);
      line += buf;
    }
  } else {
    line += " MB";
  }
  return line;
}

}  // namespace dateline::cli

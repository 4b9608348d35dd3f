// What `dateline index` prints about a job: its summary, as JSON or one line, and progress lines.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "indexer/index_job.h"

namespace dateline::cli {

// The summary as JSON, with articles_per_second derived.
nlohmann::json summary_to_json(const IndexSummary& summary);

// The summary as one human-readable line.
std::string summary_to_text(const IndexSummary& summary);

// One progress line: "1,234 records, 850/s, 12.0 of 48.2 MB (25%), ETA 0:42".
std::string progress_to_text(const JobProgress& progress);

}  // namespace dateline::cli

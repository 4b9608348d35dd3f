// An indexing job: inputs -> JSON Lines reader -> validation -> document builder -> the writer,
// with batch commits and per-record error reporting.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/schema.h"

namespace dateline {

struct IndexOptions {
  std::size_t commit_every = 10000;  // commit after this many changes (upserts + deletes)
  bool wait_for_lock = false;        // wait for another writer instead of failing
};

struct IndexSummary {
  std::size_t read = 0;            // non-blank records read
  std::size_t indexed = 0;         // articles added or replaced
  std::size_t deleted = 0;         // deletes that removed an article
  std::size_t delete_missing = 0;  // deletes of ids that were not in the index
  std::size_t rejected = 0;        // records refused, each reported
  std::size_t commits = 0;
  std::size_t documents = 0;  // documents in the index after the job
  double seconds = 0;
};

// Called once per rejected record, in input order.
using RejectReporter =
    std::function<void(const std::string& file, std::size_t line, const std::string& reason)>;

// Runs the job. Every input is checked to be readable before the index is opened, so a typo in a
// file name changes nothing. Input "-" is standard input. Throws Error(kNotFound) for an
// unreadable input, and the writer's errors (kLocked, kUnavailable); bad records never throw.
IndexSummary run_index_job(const std::string& db_path, const Schema& schema,
                           const std::vector<std::string>& inputs, const IndexOptions& options,
                           const RejectReporter& report_reject);

// The summary as JSON, with articles_per_second derived.
nlohmann::json summary_to_json(const IndexSummary& summary);

// The summary as one human-readable line.
std::string summary_to_text(const IndexSummary& summary);

}  // namespace dateline

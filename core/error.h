// The one error type Dateline's library code throws.
//
// Each layer keeps its library's mechanism inside and translates at its edge: Xapian exceptions
// become an Error in the indexer and the search service, and the router turns an Error's kind
// into an HTTP status exactly once.
#pragma once

#include <stdexcept>
#include <string>

namespace dateline {

enum class ErrorKind {
  kInvalidArgument,  // the caller's input is wrong (bad parameter, bad schema, bad query)
  kNotFound,         // the thing asked for does not exist (article id, index directory)
  kUnavailable,      // the index cannot be used right now (missing, corrupt, incompatible)
  kLocked,           // another writer holds the index lock
  kInternal,         // a bug or an unexpected library failure
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

// The stable machine-readable name of a kind, as used in JSON error bodies
// ("invalid_argument", "not_found", "unavailable", "locked", "internal").
const char* error_code(ErrorKind kind) noexcept;

}  // namespace dateline

#include "indexer/takedown.h"

#include "core/error.h"
#include "core/text.h"
#include "index/format.h"

namespace dateline {

std::string checked_takedown(const std::string& id, const std::string& reason) {
  if (id.empty()) throw Error(ErrorKind::kInvalidArgument, "a takedown needs an article id");
  if (id.size() > kMaxIdBytes) {
    throw Error(ErrorKind::kInvalidArgument,
                "the id is longer than " + std::to_string(kMaxIdBytes) + " bytes");
  }
  for (char c : id) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') {
      throw Error(ErrorKind::kInvalidArgument, "the id contains a control character");
    }
  }
  std::string folded = fold_whitespace(reason);
  // A NUL or another control character would reach the listing, the audit log and every
  // rejection line printed for the id.
  for (char c : folded) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') {
      throw Error(ErrorKind::kInvalidArgument, "the reason contains a control character");
    }
  }
  if (folded.empty()) {
    throw Error(ErrorKind::kInvalidArgument,
                "a takedown needs a reason (the legal or rights ground, for the record)");
  }
  if (folded.size() > kMaxTakedownReasonBytes) {
    throw Error(ErrorKind::kInvalidArgument,
                "the reason is longer than " + std::to_string(kMaxTakedownReasonBytes) + " bytes");
  }
  return folded;
}

TakedownOutcome take_down(IndexWriter& writer, NewsroomStore& store, const std::string& id,
                          const std::string& reason, const std::string& who, std::int64_t now) {
  TakedownOutcome outcome;
  outcome.takedown = store.take_down({id, checked_takedown(id, reason), now}, who);
  outcome.removed = writer.remove_with_words(id);
  writer.commit();
  return outcome;
}

}  // namespace dateline

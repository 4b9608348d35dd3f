#include "indexer/story_loader.h"

#include <chrono>
#include <cmath>

#include "core/clock.h"
#include "schema/dates.h"

namespace dateline {
namespace {

constexpr std::int64_t kDaySeconds = 86400;

std::int64_t day_of(std::int64_t unix_seconds) {
  // Floor division: a time before 1970 belongs to the day that starts before it.
  return unix_seconds >= 0 ? unix_seconds / kDaySeconds : -((-unix_seconds - 1) / kDaySeconds) - 1;
}

}  // namespace

StoryLoader::StoryLoader(const Schema& schema) : spec_(*schema.story) {
  if (const FieldSpec* published = schema.find("published_at"); published && published->date) {
    published_slot_ = published->date->slot;
    day_prefix_ = published->date->day_prefix;
  }
}

void StoryLoader::load_postings(const Xapian::Database& db, const std::string& term,
                                StoryIndex& stories) {
  // The postings come in ascending document order, so each value stream is read forward once.
  Xapian::ValueIterator signatures = db.valuestream_begin(spec_.signature_slot);
  Xapian::ValueIterator clusters = db.valuestream_begin(spec_.cluster_slot);
  Xapian::ValueIterator published;
  if (published_slot_ != Xapian::BAD_VALUENO) published = db.valuestream_begin(published_slot_);
  // The value of `slot` for `docid`, or "" when the document has none.
  auto value_of = [&](Xapian::ValueIterator& it, Xapian::valueno slot, Xapian::docid docid) {
    const Xapian::ValueIterator end = db.valuestream_end(slot);
    if (it == end) return std::string();
    if (it.get_docid() < docid) it.skip_to(docid);
    return it != end && it.get_docid() == docid ? *it : std::string();
  };
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    Xapian::docid docid = *it;
    StorySignature signature = decode_signature(value_of(signatures, spec_.signature_slot, docid));
    if (!signature.usable) continue;
    std::optional<std::int64_t> when;
    if (published_slot_ != Xapian::BAD_VALUENO) {
      std::string value = value_of(published, published_slot_, docid);
      if (!value.empty()) {
        when = static_cast<std::int64_t>(std::llround(Xapian::sortable_unserialise(value)));
      }
    }
    stories.remember(docid, value_of(clusters, spec_.cluster_slot, docid), when, signature);
    ++loaded_;
  }
}

void StoryLoader::load_for(const Xapian::Database& db, const Article& article,
                           StoryIndex& stories) {
  if (loaded_all_) return;
  if (day_prefix_.empty()) {
    loaded_all_ = true;
    load_postings(db, "", stories);
    return;
  }
  std::int64_t when = article.published_at ? *article.published_at : unix_now();
  auto window = static_cast<std::int64_t>(std::ceil(spec_.window_hours * 3600.0));
  for (std::int64_t day = day_of(when - window); day <= day_of(when + window); ++day) {
    if (!loaded_days_.insert(day).second) continue;
    load_postings(db, day_prefix_ + format_yyyymmdd(day * kDaySeconds), stories);
  }
}

}  // namespace dateline

#include "indexer/story_index.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace dateline {
namespace {

// Candidates examined per band, newest first: a band shared by very many articles is
// boilerplate.
constexpr std::size_t kMaxCandidatesPerBand = 50;

std::uint64_t band_key(const StorySignature& signature, std::size_t band) {
  std::uint64_t a = signature.minima[band * kRowsPerBand];
  std::uint64_t b = signature.minima[band * kRowsPerBand + 1];
  // Two 32-bit minima and the band number, mixed into one 64-bit key.
  std::uint64_t x = (a << 32 | b) ^ (static_cast<std::uint64_t>(band) * 0x9e3779b97f4a7c15ull);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

std::vector<std::uint64_t> band_keys(const StorySignature& signature) {
  std::vector<std::uint64_t> keys;
  keys.reserve(kSignatureSize / kRowsPerBand);
  for (std::size_t band = 0; band * kRowsPerBand < kSignatureSize; ++band) {
    keys.push_back(band_key(signature, band));
  }
  return keys;
}

}  // namespace

StoryIndex::StoryIndex(StorySpec spec, std::size_t capacity)
    : spec_(std::move(spec)), capacity_(std::max<std::size_t>(capacity, 1)) {}

void StoryIndex::forget(std::uint32_t slot) {
  Entry& old = entries_[slot];
  for (std::uint64_t key : old.bands) {
    auto it = bands_.find(key);
    if (it == bands_.end()) continue;
    auto& slots = it->second;
    slots.erase(std::remove(slots.begin(), slots.end(), slot), slots.end());
    if (slots.empty()) bands_.erase(it);
  }
  old = Entry{};
}

void StoryIndex::add(Entry entry) {
  auto slot = static_cast<std::uint32_t>(next_);
  if (entries_.size() < capacity_) {
    entries_.emplace_back();  // grows to `capacity` entries, then is reused as a ring
  } else {
    forget(slot);
  }
  next_ = (next_ + 1) % capacity_;
  for (std::uint64_t key : entry.bands) {
    auto& slots = bands_[key];
    if (slots.empty() || slots.back() != slot) slots.push_back(slot);
  }
  entries_[slot] = std::move(entry);
}

void StoryIndex::remember(Xapian::docid docid, std::string cluster_id,
                          std::optional<std::int64_t> published_at,
                          const StorySignature& signature) {
  if (!signature.usable) return;
  Entry entry;
  entry.docid = docid;
  entry.cluster_id = std::move(cluster_id);
  entry.published_at = published_at;
  entry.signature = signature;
  entry.bands = band_keys(signature);
  add(std::move(entry));
}

StoryInfo StoryIndex::assign(const Article& article, Xapian::docid own) {
  StoryInfo info;
  info.cluster_id = article.id;
  info.signature = story_signature(article.body.empty() ? article.summary : article.body);
  if (!info.signature.usable) return info;

  std::vector<std::uint64_t> keys = band_keys(info.signature);
  std::unordered_set<std::uint32_t> checked;
  double best = 0;
  for (std::uint64_t key : keys) {
    auto it = bands_.find(key);
    if (it == bands_.end()) continue;
    const auto& slots = it->second;
    std::size_t seen = 0;
    for (auto s = slots.rbegin(); s != slots.rend() && seen < kMaxCandidatesPerBand; ++s, ++seen) {
      if (!checked.insert(*s).second) continue;
      const Entry& candidate = entries_[*s];
      // Never with its own older version, from this job or from the index.
      if (candidate.id == article.id || (own != 0 && candidate.docid == own)) continue;
      if (article.published_at && candidate.published_at) {
        double gap = std::abs(static_cast<double>(*article.published_at - *candidate.published_at));
        if (gap > spec_.window_hours * 3600.0) continue;
      }
      double similarity = estimated_similarity(info.signature, candidate.signature);
      if (similarity >= spec_.min_similarity && similarity > best) {
        best = similarity;
        info.cluster_id = candidate.cluster_id;
        info.joined = true;
      }
    }
  }

  Entry entry;
  entry.id = article.id;
  entry.cluster_id = info.cluster_id;
  entry.published_at = article.published_at;
  entry.signature = info.signature;
  entry.bands = std::move(keys);
  add(std::move(entry));
  return info;
}

}  // namespace dateline

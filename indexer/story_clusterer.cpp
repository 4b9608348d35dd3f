#include "indexer/story_clusterer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_set>

#include "core/text.h"
#include "indexer/document_builder.h"

namespace dateline {
namespace {

// Candidates examined per band term; a band shared by very many articles is boilerplate.
constexpr std::size_t kMaxCandidatesPerBand = 50;

// A strong 64-bit mixer (the splitmix64 finaliser), giving each signature row its own hash.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

}  // namespace

StorySignature story_signature(const std::string& text) {
  StorySignature sig;
  std::vector<std::string> words = split_words(text);
  if (words.size() < kMinShingles + 2) return sig;
  sig.minima.fill(std::numeric_limits<std::uint32_t>::max());
  for (std::size_t i = 0; i + 2 < words.size(); ++i) {
    std::uint64_t shingle = fnv1a64(words[i] + ' ' + words[i + 1] + ' ' + words[i + 2]);
    // Row hashes by double hashing (a + row * b): two mixes per shingle instead of one per row.
    std::uint64_t a = mix(shingle);
    std::uint64_t b = mix(shingle ^ 0x9e3779b97f4a7c15ull) | 1;
    for (std::size_t row = 0; row < kSignatureSize; ++row) {
      auto h = static_cast<std::uint32_t>((a + row * b) >> 32);
      sig.minima[row] = std::min(sig.minima[row], h);
    }
  }
  sig.usable = true;
  return sig;
}

double estimated_similarity(const StorySignature& a, const StorySignature& b) {
  if (!a.usable || !b.usable) return 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < kSignatureSize; ++i) same += a.minima[i] == b.minima[i];
  return static_cast<double>(same) / kSignatureSize;
}

std::vector<std::string> band_terms(const StorySignature& signature, const std::string& prefix) {
  std::vector<std::string> terms;
  if (!signature.usable) return terms;
  for (std::size_t band = 0; band * kRowsPerBand < kSignatureSize; ++band) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%02zx%08x%08x", band, signature.minima[band * kRowsPerBand],
                  signature.minima[band * kRowsPerBand + 1]);
    terms.push_back(prefix + buf);
  }
  return terms;
}

std::string encode_signature(const StorySignature& signature) {
  std::string out;
  if (!signature.usable) return out;
  for (std::uint32_t v : signature.minima) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
  }
  return out;
}

StorySignature decode_signature(const std::string& bytes) {
  StorySignature sig;
  if (bytes.size() != kSignatureSize * 4) return sig;
  for (std::size_t i = 0; i < kSignatureSize; ++i) {
    std::uint32_t v = 0;
    for (std::size_t b = 0; b < 4; ++b) v = (v << 8) | static_cast<unsigned char>(bytes[i * 4 + b]);
    sig.minima[i] = v;
  }
  sig.usable = true;
  return sig;
}

StoryInfo assign_story(const Xapian::Database& db, const Schema& schema, const Article& article) {
  const StorySpec& spec = *schema.story;
  const FieldSpec* published_field = schema.find("published_at");
  Xapian::valueno published_slot =
      published_field && published_field->date ? published_field->date->slot : Xapian::BAD_VALUENO;
  StoryInfo info;
  info.cluster_id = article.id;
  info.signature = story_signature(article.body.empty() ? article.summary : article.body);
  if (!info.signature.usable) return info;
  // An article never clusters with its own older version.
  std::string own_term = schema.id_prefix() + article.id;
  Xapian::docid own = 0;
  if (auto it = db.postlist_begin(own_term); it != db.postlist_end(own_term)) own = *it;
  std::unordered_set<Xapian::docid> checked;
  double best = 0;
  for (const std::string& term : band_terms(info.signature, spec.band_prefix)) {
    std::size_t seen = 0;
    for (auto it = db.postlist_begin(term);
         it != db.postlist_end(term) && seen < kMaxCandidatesPerBand; ++it, ++seen) {
      if (*it == own || !checked.insert(*it).second) continue;
      // Documents load lazily: only the two values read here are fetched.
      Xapian::Document candidate = db.get_document(*it, Xapian::DOC_ASSUME_VALID);
      std::string published = candidate.get_value(published_slot);
      if (article.published_at && !published.empty()) {
        double when = Xapian::sortable_unserialise(published);
        double gap = std::abs(when - static_cast<double>(*article.published_at));
        if (gap > spec.window_hours * 3600.0) continue;
      }
      double similarity = estimated_similarity(
          info.signature, decode_signature(candidate.get_value(spec.signature_slot)));
      if (similarity >= spec.min_similarity && similarity > best) {
        best = similarity;
        info.cluster_id = candidate.get_value(spec.cluster_slot);
      }
    }
  }
  return info;
}

}  // namespace dateline

// Story clustering at index time: the same wire story republished by several outlets, lightly
// edited and re-headlined, gets one cluster id, which search collapses on.
//
// Algorithm: the body (else the summary) is cut into overlapping word 3-grams; a MinHash
// signature of kSignatureSize 32-bit minima estimates the Jaccard similarity of two articles'
// 3-gram sets. Locality-sensitive hashing finds candidates cheaply: the signature is cut into
// bands of kRowsPerBand values; two articles sharing any band are candidates (probability
// 1-(1-s^2)^16 for similarity s: 0.99 at s=0.5, 0.48 at s=0.2). A candidate joins the cluster
// when its estimated similarity is at least StorySpec::min_similarity and it was published
// within StorySpec::window_hours. Articles with fewer than kMinShingles 3-grams are not
// clustered (each is its own story). The bands are kept in memory by StoryIndex
// (indexer/story_index.h); a document stores its signature and cluster id in value slots.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace dateline {

inline constexpr std::size_t kSignatureSize = 32;
inline constexpr std::size_t kRowsPerBand = 2;
inline constexpr std::size_t kMinShingles = 8;

struct StorySignature {
  std::array<std::uint32_t, kSignatureSize> minima{};
  bool usable = false;  // false: too little text to compare
};

// The MinHash signature of `text`'s word 3-grams.
StorySignature story_signature(const std::string& text);

// Estimated Jaccard similarity of the 3-gram sets behind two usable signatures (0..1).
double estimated_similarity(const StorySignature& a, const StorySignature& b);

// Compact binary form stored in the signature slot, and back (usable=false when malformed).
std::string encode_signature(const StorySignature& signature);
StorySignature decode_signature(const std::string& bytes);

// What the document builder records for an article's story.
struct StoryInfo {
  std::string cluster_id;
  StorySignature signature;
  bool joined = false;  // cluster_id is an earlier article's: the story has two or more
};

}  // namespace dateline

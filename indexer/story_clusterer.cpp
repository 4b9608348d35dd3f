#include "indexer/story_clusterer.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "core/text.h"
#include "index/terms.h"

namespace dateline {
namespace {

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
  std::array<std::uint32_t, kSignatureSize> minima;
  minima.fill(std::numeric_limits<std::uint32_t>::max());
  // The last three words, in buffers reused from word to word: words[n % 3] is word n.
  std::array<std::string, 3> words;
  std::size_t n = 0;
  for (std::size_t offset = 0; next_word(text, offset, words[n % 3]); ++n) {
    if (n < 2) continue;
    // The hash of "w1 w2 w3", fed word by word instead of concatenated (no allocation).
    std::uint64_t shingle = fnv1a64(words[(n - 2) % 3]);
    for (std::size_t k = 1; k < 3; ++k) {
      shingle = fnv1a64(words[(n - 2 + k) % 3], fnv1a64(" ", shingle));
    }
    // Row hashes by double hashing (a + row * b: two mixes per shingle instead of one per row),
    // each the last plus b (mod 2^64).
    std::uint64_t hash = mix(shingle);
    const std::uint64_t b = mix(shingle ^ 0x9e3779b97f4a7c15ull) | 1;
    for (std::size_t row = 0; row < kSignatureSize; ++row, hash += b) {
      minima[row] = std::min(minima[row], static_cast<std::uint32_t>(hash >> 32));
    }
  }
  StorySignature sig;
  if (n < kMinShingles + 2) return sig;
  sig.minima = minima;
  sig.usable = true;
  return sig;
}

double estimated_similarity(const StorySignature& a, const StorySignature& b) {
  if (!a.usable || !b.usable) return 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < kSignatureSize; ++i) same += a.minima[i] == b.minima[i];
  return static_cast<double>(same) / kSignatureSize;
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

}  // namespace dateline

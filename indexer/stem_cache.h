// A stemmer that remembers its answers: the same stems as the one it wraps, found once per
// distinct word instead of once per occurrence (stemming was a tenth of an index build).
#pragma once

#include <cstddef>

#include <xapian.h>

namespace dateline {

// Distinct words a cache keeps by default: about 8 MB. The words met first, which in news are
// mostly the frequent ones; later words are stemmed each time.
inline constexpr std::size_t kStemCacheWords = 100000;

// A Xapian::Stem giving exactly `inner`'s stems, remembering up to `max_words` of them. `inner`
// none: returns it as it is (no stemmer to remember). Not thread-safe, unlike Xapian's own
// stemmers: use one per thread (one per DocumentBuilder).
Xapian::Stem caching_stemmer(const Xapian::Stem& inner, std::size_t max_words = kStemCacheWords);

}  // namespace dateline

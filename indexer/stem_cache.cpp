#include "indexer/stem_cache.h"

#include <string>
#include <unordered_map>

namespace dateline {
namespace {

class CachingStem : public Xapian::StemImplementation {
 public:
  CachingStem(const Xapian::Stem& inner, std::size_t max_words)
      : inner_(inner), max_words_(max_words) {}

  std::string operator()(const std::string& word) override {
    auto it = stems_.find(word);
    if (it != stems_.end()) return it->second;
    std::string stem = inner_(word);
    // Full: stop remembering rather than evict; the words already kept are the common ones.
    if (stems_.size() < max_words_) stems_.emplace(word, stem);
    return stem;
  }

  std::string get_description() const override { return inner_.get_description(); }

 private:
  Xapian::Stem inner_;
  std::size_t max_words_;
  std::unordered_map<std::string, std::string> stems_;
};

}  // namespace

Xapian::Stem caching_stemmer(const Xapian::Stem& inner, std::size_t max_words) {
  if (inner.is_none()) return inner;
  return Xapian::Stem(new CachingStem(inner, max_words));
}

}  // namespace dateline

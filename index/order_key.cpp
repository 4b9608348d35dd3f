#include "index/order_key.h"

namespace dateline {

std::string order_key(std::optional<std::int64_t> published, const std::string& id) {
  // Flipping the sign bit orders signed times as unsigned numbers; the complement puts the
  // newest first. No time: the largest key, after every dated article.
  std::uint64_t key = ~std::uint64_t{0};
  if (published) {
    key = ~(static_cast<std::uint64_t>(*published) ^ (std::uint64_t{1} << 63));
  }
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, key >>= 8)
    out[static_cast<std::size_t>(i)] = static_cast<char>(key & 0xff);
  return out + id;
}

}  // namespace dateline

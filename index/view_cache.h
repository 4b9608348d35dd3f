// A fact about an index computed once per view of it (ShardSet::generation(): a commit, or a
// shard leaving or rejoining), for facts that cost a round trip to every remote shard in turn:
// the languages the index holds, a value slot's bounds. One per thread, like the database.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace dateline {

template <class T>
class ViewCache {
 public:
  // The value for `view`: the one kept when it was computed for the same view, else
  // `compute()`'s (kept only when it returns). An empty `view` (none known) computes each time.
  template <class F>
  const T& get(const std::string& view, F&& compute) {
    if (!value_ || view.empty() || view != view_) {
      value_.reset();
      value_.emplace(std::forward<F>(compute)());
      view_ = view;
    }
    return *value_;
  }

 private:
  std::string view_;
  std::optional<T> value_;
};

}  // namespace dateline

#include "server/stored_hit.h"

#include <utility>

#include <simdjson.h>

#include "core/error.h"

namespace dateline {
namespace {

namespace od = simdjson::ondemand;

[[noreturn]] void fail(simdjson::error_code code) {
  throw Error(ErrorKind::kInternal,
              std::string("stored article is not a JSON object: ") + simdjson::error_message(code));
}

// Sets `out` and returns true when `value` is a string; any other type is left alone.
bool take_string(od::value& value, std::string& out) {
  od::json_type type;
  if (auto code = value.type().get(type)) fail(code);
  if (type != od::json_type::string) return false;
  std::string_view text;
  if (auto code = value.get_string().get(text)) fail(code);
  out.assign(text);
  return true;
}

// The string fields, by key.
constexpr std::pair<std::string_view, std::string StoredHit::*> kStringFields[] = {
    {"id", &StoredHit::id},
    {"url", &StoredHit::url},
    {"title", &StoredHit::title},
    {"source", &StoredHit::source},
    {"section", &StoredHit::section},
    {"published_at", &StoredHit::published_at},
    {"summary", &StoredHit::summary},
    {"body", &StoredHit::body},
    {"updated_at", &StoredHit::updated_at},
    {"correction", &StoredHit::correction},
};

}  // namespace

StoredHit read_stored_hit(std::string_view data) {
  // One parser per thread: it keeps its buffers between articles.
  thread_local od::parser parser;
  simdjson::padded_string padded(data);
  od::document doc;
  if (auto code = parser.iterate(padded).get(doc)) fail(code);
  od::object object;
  if (auto code = doc.get_object().get(object)) fail(code);
  StoredHit hit;
  for (auto field : object) {
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) fail(code);
    od::value value;
    if (auto code = field.value().get(value)) fail(code);
    if (key != "authors") {
      for (const auto& [name, member] : kStringFields) {
        if (key == name) {
          take_string(value, hit.*member);
          break;
        }
      }
    } else {
      od::json_type type;
      if (auto code = value.type().get(type)) fail(code);
      if (type != od::json_type::array) continue;
      od::array names;
      if (auto code = value.get_array().get(names)) fail(code);
      for (auto element : names) {
        od::value name;
        if (auto code = element.get(name)) fail(code);
        std::string author;
        if (take_string(name, author)) hit.authors.push_back(std::move(author));
      }
    }
  }
  return hit;
}

}  // namespace dateline

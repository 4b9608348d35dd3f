#include "query/request.h"

namespace dateline {

const std::vector<std::string>& filter_names() {
  static const std::vector<std::string> kNames = {"source", "section", "author", "tag", "lang"};
  return kNames;
}

const std::vector<std::string>& facet_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names = filter_names();
    names.push_back("month");
    return names;
  }();
  return kNames;
}

const char* matching_name(Matching matching) {
  switch (matching) {
    case Matching::kAll:
      return "all";
    case Matching::kAny:
      return "any";
    case Matching::kBrowse:
      return "browse";
    case Matching::kRelated:
      return "related";
  }
  return "all";
}

const FieldSpec* api_field(const Schema& schema, const std::string& api_name) {
  for (const FieldSpec& field : schema.fields) {
    if (field.query_name == api_name) return &field;
  }
  return nullptr;
}

}  // namespace dateline

#include "index/story_facets.h"

#include <charconv>

#include "index/format.h"

namespace dateline {
namespace {

constexpr char kSlotMark = '\x1e';
constexpr char kValueMark = '\x1d';

// The separators are control characters; a value holding one (never a folded value) is changed
// rather than misread.
void append_clean(std::string& out, const std::string& value) {
  for (char c : value) out += c == kSlotMark || c == kValueMark ? ' ' : c;
}

}  // namespace

std::vector<unsigned> story_facet_slots(const Schema& schema) {
  std::vector<unsigned> slots;
  for (const FieldSpec& field : schema.fields) {
    if (field.value) slots.push_back(field.value->slot);
    if (field.name == "published_at" && field.date && field.date->month_slot) {
      slots.push_back(*field.date->month_slot);
    }
  }
  return slots;
}

void set_story_facets(const Schema& schema, Xapian::Document& doc) {
  if (!schema.story_facets_slot || !schema.story) return;
  std::string out;
  append_clean(out, doc.get_value(collapse_slot(*schema.story)));
  for (unsigned slot : story_facet_slots(schema)) {
    std::string value = doc.get_value(slot);
    if (value.empty()) continue;
    out += kSlotMark;
    out += std::to_string(slot);
    out += kValueMark;
    append_clean(out, value);
  }
  doc.add_value(*schema.story_facets_slot, out);
}

StoryFacets read_story_facets(std::string_view value) {
  StoryFacets facets;
  std::size_t mark = value.find(kSlotMark);
  facets.story = value.substr(0, mark);
  while (mark != std::string_view::npos) {
    std::size_t start = mark + 1;
    mark = value.find(kSlotMark, start);
    std::string_view part =
        value.substr(start, mark == std::string_view::npos ? mark : mark - start);
    std::size_t split = part.find(kValueMark);
    if (split == std::string_view::npos) continue;
    unsigned slot = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + split, slot);
    if (ec != std::errc() || end != part.data() + split) continue;
    facets.values.emplace_back(slot, part.substr(split + 1));
  }
  return facets;
}

}  // namespace dateline

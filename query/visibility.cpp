#include "query/visibility.h"

#include <vector>

namespace dateline {
namespace {

Xapian::valueno date_slot(const Schema& schema, const char* field) {
  const FieldSpec* spec = schema.find(field);
  return spec != nullptr && spec->date ? spec->date->slot : Xapian::BAD_VALUENO;
}

std::string serialise(std::int64_t seconds) {
  return Xapian::sortable_serialise(static_cast<double>(seconds));
}

}  // namespace

Visibility Visibility::of(const Schema& schema) {
  Visibility v;
  v.embargo_slot = date_slot(schema, "embargo_until");
  v.expiry_slot = date_slot(schema, "expires_at");
  return v;
}

Xapian::Query Visibility::hidden_at(std::int64_t now) const {
  std::vector<Xapian::Query> hidden;
  if (embargo_slot != Xapian::BAD_VALUENO) {
    hidden.emplace_back(Xapian::Query::OP_VALUE_GE, embargo_slot, serialise(now + 1));
  }
  if (expiry_slot != Xapian::BAD_VALUENO) {
    hidden.emplace_back(Xapian::Query::OP_VALUE_LE, expiry_slot, serialise(now));
  }
  if (hidden.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, hidden.begin(), hidden.end());
}

bool Visibility::visible(const Xapian::Document& doc, std::int64_t now) const {
  if (embargo_slot != Xapian::BAD_VALUENO) {
    std::string until = doc.get_value(embargo_slot);
    if (!until.empty() && until >= serialise(now + 1)) return false;
  }
  if (expiry_slot != Xapian::BAD_VALUENO) {
    std::string expires = doc.get_value(expiry_slot);
    if (!expires.empty() && expires <= serialise(now)) return false;
  }
  return true;
}

bool Visibility::embargo_pending(const Xapian::Database& db, std::int64_t now) const {
  if (embargo_slot == Xapian::BAD_VALUENO) return false;
  std::string upper = db.get_value_upper_bound(embargo_slot);
  return !upper.empty() && upper >= serialise(now + 1);
}

}  // namespace dateline

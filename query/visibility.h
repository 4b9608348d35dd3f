// What a reader may see: an article past its embargo (embargo_until) and before its expiry
// (expires_at), both judged at the instant of the request. The condition is a query on the two
// value slots the schema gives those fields, built from Xapian's own value-range queries, so it
// holds on remote shards as well, and it costs nothing while no article is waiting or expired
// (Xapian answers a range outside a slot's bounds without reading it). See docs/NEWSROOM.md.
#pragma once

#include <cstdint>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

struct Visibility {
  Xapian::valueno embargo_slot = Xapian::BAD_VALUENO;  // embargo_until; BAD_VALUENO: not indexed
  Xapian::valueno expiry_slot = Xapian::BAD_VALUENO;   // expires_at; BAD_VALUENO: not indexed

  // The slots of `schema` (an index built before schema version 2 has neither).
  static Visibility of(const Schema& schema);

  // The articles hidden at `now` (unix seconds): embargo_until > now, or expires_at <= now. An
  // empty query when the schema indexes neither field.
  Xapian::Query hidden_at(std::int64_t now) const;

  // The same judgement for one stored document (what hidden_at matches).
  bool visible(const Xapian::Document& doc, std::int64_t now) const;

  // Whether `db` may hold an article under embargo at `now` (from the slot's upper bound, which
  // may be loose after deletes, never too low).
  bool embargo_pending(const Xapian::Database& db, std::int64_t now) const;
};

}  // namespace dateline

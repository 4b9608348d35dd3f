#include "index/database.h"

#include <functional>

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include "core/error.h"
#include "index/format.h"
#include "tests/test_support.h"

namespace dateline {
namespace {

ErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  BOOST_FAIL("no Error thrown");
  return ErrorKind::kInternal;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(database)

BOOST_AUTO_TEST_CASE(a_second_writer_is_refused_with_a_lock_error) {
  test::TempDir dir;
  Xapian::WritableDatabase first = open_for_writing(dir.str("db"));
  try {
    open_for_writing(dir.str("db"));
    BOOST_FAIL("opened a locked index");
  } catch (const Error& e) {
    BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kLocked));
    BOOST_TEST(std::string(e.what()) == "index is locked by another writer: " + dir.str("db"));
  }
}

BOOST_AUTO_TEST_CASE(a_missing_index_is_unavailable) {
  test::TempDir dir;
  BOOST_TEST(static_cast<int>(kind_of([&] { open_for_reading(dir.str("none")); })) ==
             static_cast<int>(ErrorKind::kUnavailable));
  WriteOpenOptions no_create;
  no_create.create = false;
  BOOST_TEST(static_cast<int>(kind_of([&] { open_for_writing(dir.str("none"), no_create); })) ==
             static_cast<int>(ErrorKind::kUnavailable));
}

BOOST_AUTO_TEST_CASE(stored_schema_reads_back_what_a_writer_stored) {
  test::TempDir dir;
  Xapian::WritableDatabase db = open_for_writing(dir.str("db"));
  adopt_schema(db, test::news_schema(), dir.str("db"));
  BOOST_TEST(schema_to_json(stored_schema(db)) == schema_to_json(test::news_schema()));
}

BOOST_AUTO_TEST_CASE(an_index_without_or_with_a_broken_schema_is_unavailable) {
  test::TempDir dir;
  {
    Xapian::WritableDatabase db = open_for_writing(dir.str("db"));
    db.commit();
    BOOST_TEST(static_cast<int>(kind_of([&] { stored_schema(db); })) ==
               static_cast<int>(ErrorKind::kUnavailable));
    db.set_metadata(kSchemaMetadataKey, "{not json");
    db.commit();
    BOOST_TEST(static_cast<int>(kind_of([&] { stored_schema(db, "x"); })) ==
               static_cast<int>(ErrorKind::kUnavailable));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace dateline

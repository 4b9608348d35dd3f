#include "indexer/deleter.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "core/clock.h"
#include "core/error.h"
#include "core/parse.h"
#include "index/database.h"
#include "index/terms.h"
#include "index/topology.h"
#include "query/language.h"
#include "query/parser.h"
#include "query/query_case.h"

namespace dateline {
namespace {

// The search server's default --max-wildcard-expansion: a wildcard that would reach further is
// refused rather than cut, since a cut would change which articles are deleted.
constexpr unsigned kDeleteWildcardExpansion = 100;

// The index a delete reads, and unless it is a dry run, writes (a sharded one as one index).
struct DeleteTarget {
  Xapian::Database read;
  std::optional<WritableIndex> write;
  Xapian::Database& db() { return write ? write->db : read; }
};

DeleteTarget open_index(const std::string& path, const DeleteRequest& r) {
  if (!names_topology(path) && !std::filesystem::exists(std::filesystem::path(path) / "iamglass")) {
    throw Error(ErrorKind::kNotFound, "no index at " + path);
  }
  DeleteTarget target;
  if (r.dry_run) {
    target.read = open_index_for_reading(path);
    return target;
  }
  WriteOpenOptions options;
  options.create = false;
  options.wait_for_lock = r.wait_for_lock;
  target.write = open_index_for_writing(path, options);
  return target;
}

Xapian::Query selector_query(const Xapian::Database& db, const Schema& schema,
                             const DeleteRequest& r) {
  // Not Xapian::Query::MatchAll: that static's reference count is not atomic, and the server
  // runs this on its writer thread while its workers search.
  Xapian::Query query{std::string()};
  if (!r.query.empty()) {
    // A delete takes exactly what a search for the same words shows before it relaxes, corrects
    // or widens anything: every word required, no function words dropped, wildcards within the
    // server's default expansion. A query that search would read differently is refused.
    if (count_query_words(unshout_query(r.query)) > kShortQueryWords) {
      throw Error(ErrorKind::kInvalidArgument,
                  "query '" + r.query + "' has more than " + std::to_string(kShortQueryWords) +
                      " words: a search matches any of them, so a delete would not take what a "
                      "search shows; use fewer words, AND between them, or --id");
    }
    Xapian::QueryParser parser;
    configure_query_parser(parser, schema, db);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.set_max_expansion(kDeleteWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_ERROR);
    constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT |
                                Xapian::QueryParser::FLAG_PURE_NOT |
                                Xapian::QueryParser::FLAG_WILDCARD;
    const std::string text = read_initialisms(unshout_query(r.query));
    try {
      // Read in the languages search reads it in (query/language.h), each matching its own
      // articles, so that the delete takes what the search shows on a mixed-language index.
      std::vector<QueryLanguage> languages = index_languages(db, schema);
      query = parse_with_wildcards(parser, text, kFlags, schema, db, languages.front().stem);
      query = in_languages(query, languages, [&](const QueryLanguage& language) {
        parser.set_stemmer(language.stem);
        return parse_with_wildcards(parser, text, kFlags, schema, db, language.stem);
      });
    } catch (const Xapian::QueryParserError& e) {
      throw Error(ErrorKind::kInvalidArgument,
                  "cannot parse query '" + r.query + "': " + e.get_msg());
    } catch (const Xapian::WildcardError& e) {
      throw Error(ErrorKind::kInvalidArgument,
                  "query '" + r.query + "': a wildcard matches more than " +
                      std::to_string(kDeleteWildcardExpansion) +
                      " words, more than a search would show; narrow it");
    }
    if (query.empty()) {
      throw Error(ErrorKind::kInvalidArgument, "query '" + r.query + "' selects nothing");
    }
  }
  if (r.older_than) {
    const FieldSpec* published = schema.find("published_at");
    if (published == nullptr || !published->date) {
      throw Error(ErrorKind::kUnavailable, "the index has no published_at slot");
    }
    std::int64_t now = r.now != 0 ? r.now : unix_now();
    // A value range matches only documents that have the value: undated articles are kept.
    Xapian::Query old(Xapian::Query::OP_VALUE_LE, published->date->slot,
                      Xapian::sortable_serialise(static_cast<double>(now - *r.older_than - 1)));
    query = r.query.empty() ? old : Xapian::Query(Xapian::Query::OP_FILTER, query, old);
  }
  if (r.expired) {
    const FieldSpec* expires = schema.find("expires_at");
    if (expires == nullptr || !expires->date) {
      throw Error(ErrorKind::kUnavailable, "the index has no expires_at slot (schema version " +
                                               std::to_string(schema.version) +
                                               "): nothing in it can expire");
    }
    std::int64_t now = r.now != 0 ? r.now : unix_now();
    // What search hides as expired (query/visibility.h): expires_at <= now.
    Xapian::Query expired(Xapian::Query::OP_VALUE_LE, expires->date->slot,
                          Xapian::sortable_serialise(static_cast<double>(now)));
    query = r.query.empty() && !r.older_than
                ? expired
                : Xapian::Query(Xapian::Query::OP_FILTER, query, expired);
  }
  return query;
}

}  // namespace

std::optional<std::int64_t> parse_age(const std::string& text) {
  std::optional<Duration> age = parse_duration(text, {"s", "m", "h", "d", "w"});
  if (!age || age->amount == 0 || age->amount >= 1e10) return std::nullopt;
  return static_cast<std::int64_t>(age->seconds());
}

DeleteResult run_delete(const std::string& db_path, const DeleteRequest& r) {
  if (r.ids.empty() && !r.older_than && r.query.empty() && !r.expired) {
    throw Error(ErrorKind::kInvalidArgument,
                "nothing selected: give --id, --older-than, --query or --expired");
  }
  if (!r.ids.empty() && (r.older_than || !r.query.empty() || r.expired)) {
    throw Error(ErrorKind::kInvalidArgument,
                "--id cannot be combined with --older-than, --query or --expired");
  }
  DeleteTarget target = open_index(db_path, r);
  Xapian::Database* db = &target.db();
  Schema schema = stored_schema(*db, db_path);
  Xapian::WritableDatabase* writable = target.write ? &target.write->db : nullptr;
  DeleteResult result;
  if (!r.ids.empty()) {
    for (const std::string& id : r.ids) {
      std::string term = schema.id_prefix() + id;
      if (!db->term_exists(term)) {
        result.missing.push_back(id);
        continue;
      }
      if (writable != nullptr) writable->delete_document(term);
      result.deleted.push_back(id);
    }
  } else {
    Xapian::Enquire enquire(*db);
    enquire.set_query(selector_query(*db, schema, r));
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet matches = enquire.get_mset(0, db->get_doccount());
    if (matches.empty() && !r.older_than && !r.expired &&
        count_query_words(unshout_query(r.query)) > 1) {
      // A search would now relax the query to any word, or correct it: not what was asked.
      throw Error(ErrorKind::kInvalidArgument,
                  "query '" + r.query +
                      "' matches no article with all its words (a search would relax or correct "
                      "it): nothing deleted");
    }
    std::vector<Xapian::docid> docids;
    for (auto it = matches.begin(); it != matches.end(); ++it) {
      auto stored = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
      std::string id = stored.is_object() ? stored.value("id", "") : "";
      result.deleted.push_back(id.empty() ? "#" + std::to_string(*it) : id);
      docids.push_back(*it);
    }
    if (writable != nullptr) {
      for (Xapian::docid docid : docids) writable->delete_document(docid);
    }
  }
  if (writable != nullptr) {
    target.write->stamp_last_commit();
    writable->commit();
  }
  result.documents = db->get_doccount();
  return result;
}

}  // namespace dateline

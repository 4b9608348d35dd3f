// The query language over an index, configured from the schema stored in it: field prefixes
// (title:, author:) and slugified boolean filters (source:, tag:, lang:). The same rules as the
// search service, for tools on the indexer side (dateline delete --query).
#pragma once

#include <map>
#include <string>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

// The schema stored in the index's metadata. Throws Error(kUnavailable) when there is none or
// it does not load.
Schema stored_schema(const Xapian::Database& db);

// Sets `parser` up for `db`: database, default-language stemmer, text prefixes and boolean
// filter prefixes from `schema` (values slugified as the indexer slugifies them).
void configure_query_parser(Xapian::QueryParser& parser, const Schema& schema,
                            const Xapian::Database& db);

// The text fields the query box can name, by query name ("title") -> term prefix ("S"), as
// configure_query_parser registers them.
std::map<std::string, std::string> text_field_prefixes(const Schema& schema);

// `query` as handed to the parser: on an index of stems, its wildcard words widened
// (indexer/wildcards.h) with `stem`; otherwise unchanged.
std::string prepare_wildcards(const std::string& query, const Schema& schema,
                              const Xapian::Database& db, const Xapian::Stem& stem);

}  // namespace dateline

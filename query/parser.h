// The query language over an index, configured from the schema stored in it: field prefixes
// (title:, author:) and slugified boolean filters (source:, tag:, lang:). The query reader
// (query/query_reader.h) sets its parsers up with it, and so does dateline delete --query, so a
// delete selects by the same rules a search reads by.
#pragma once

#include <map>
#include <string>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

// Sets `parser` up for `db`: database, default-language stemmer, text prefixes and boolean
// filter prefixes from `schema` (values slugified as the indexer slugifies them).
void configure_query_parser(Xapian::QueryParser& parser, const Schema& schema,
                            const Xapian::Database& db);

// The text fields the query box can name, by query name ("title") -> term prefix ("S"), as
// configure_query_parser registers them.
std::map<std::string, std::string> text_field_prefixes(const Schema& schema);

// `parser.parse_query(query, flags)`, with the wildcard words widened first on an index of
// stems (query/wildcards.h; `stem`: the parser's stemmer). Xapian's parser quietly rereads a
// query it cannot parse (`presiden* NEAR vote`: NEAR takes no group) as plain words, which
// would make the widening's "OR"s words; the query is then parsed as given instead. Throws
// what parse_query throws.
Xapian::Query parse_with_wildcards(Xapian::QueryParser& parser, const std::string& query,
                                   unsigned flags, const Schema& schema, const Xapian::Database& db,
                                   const Xapian::Stem& stem);

}  // namespace dateline

// Reader for news feeds: RSS 2.0 (also RSS 1.0/RDF items) and Atom 1.0, parsed with libxml2.
#pragma once

#include <cstddef>
#include <istream>

#include "indexer/record_emitter.h"
#include "indexer/record_sink.h"

namespace dateline {

// Reads a whole feed from `in` and sends each <item> / <entry> as a record at its line:
//   RSS:  guid (else link) -> id, link -> url, title, pubDate or dc:date -> published_at,
//         dc:creator / author -> authors, category -> tags, content:encoded (else description)
//         -> body with markup stripped and entities decoded (description -> summary when both),
//         enclosure of an image type -> image_url, channel title -> source, channel language.
//   Atom: id (else the alternate link) -> id, link rel=alternate -> url, title, published (else
//         updated) -> published_at, updated -> updated_at, author/name -> authors,
//         category@term -> tags, content (else summary) -> body, summary, feed title -> source,
//         xml:lang -> language.
// A feed that is not well-formed XML is read as far as libxml2 can recover, with a warning at the
// line of the first error. Nothing is fetched (no network, no DTD). A feed whose DTD declares an
// entity (<!ENTITY ...>: the "billion laughs" and external-entity attacks) is rejected unread,
// as is one longer than options.max_document_bytes ("feed is larger than N bytes", found after
// reading one byte past the limit). Elements nested deeper than 256 end the parse (libxml2's
// bound), with the items before them read. Returns the number of items and entries read.
std::size_t read_feed(std::istream& in, RecordSink& sink, const ReaderOptions& options = {});

}  // namespace dateline

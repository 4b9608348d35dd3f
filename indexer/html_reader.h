// Reader for one HTML article page (a crawler's output): the article, without the page around it.
#pragma once

#include <cstddef>
#include <istream>

#include "indexer/record_emitter.h"
#include "indexer/record_sink.h"

namespace dateline {

// Reads one page from `in` (UTF-8; invalid bytes repaired) and sends it as one record at line 1.
// Metadata comes from, in order of preference: JSON-LD (a NewsArticle, Article, BlogPosting...
// object, also inside @graph), OpenGraph (og:title, og:url, og:description, og:site_name,
// og:image, article:published_time, article:modified_time, article:author, article:section,
// article:tag), <meta name=author|description|keywords>, <link rel=canonical>, the first
// <time datetime>, <html lang>, then <h1> and <title> for the title. The body is the text of the
// <article> with the most text (else [itemprop=articleBody], <main>, <body>), with navigation,
// header, footer, aside, script, style, forms, figures, comments and elements whose class or id
// names ads, sharing, related links, newsletters or comments removed. The id is the URL, else
// options.fallback_id. A page over options.max_record_bytes is rejected ("page is larger than N
// bytes") after reading one byte past the limit. A JSON-LD block nested deeper than
// options.max_json_depth is ignored, unparsed. libxml2 reads the page without network access and
// cuts elements nested deeper than 256. Returns 1.
std::size_t read_html(std::istream& in, RecordSink& sink, const ReaderOptions& options = {});

}  // namespace dateline

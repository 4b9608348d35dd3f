// How text and keyword values become index terms: the rules the writer indexes by and the query
// side searches by, so both always agree.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace dateline {

// The lower-cased words of `text`, as Xapian's term generator splits them.
std::vector<std::string> split_words(const std::string& text);

// Returns the boolean term for a keyword value: prefix + slugify(value), cut to kMaxTermBytes
// (index/format.h) at a character boundary.
std::string filter_term(const std::string& prefix, const std::string& value);

// Returns the Xapian stemmer for an ISO 639-1 code, or the no-op stemmer for a language Xapian
// does not stem.
Xapian::Stem stemmer_for(const std::string& language);

}  // namespace dateline

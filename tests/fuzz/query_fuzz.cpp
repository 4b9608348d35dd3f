// The query path down to Xapian: the input is the q of a search (as long as the API allows),
// read with the server's parser flags, wildcards, synonyms, spelling and case handling, with and
// without a language filter and facets. Anything but an Error escaping is a bug.
#include <string>

#include "core/error.h"
#include "server/search_service.h"
#include "tests/fuzz/fuzz_index.h"
#include "tests/fuzz/fuzz_target.h"

DATELINE_FUZZ_TARGET(query) {
  using namespace dateline;
  static SearchService service(fuzz::fuzz_index_path());
  SearchLimits limits;
  SearchRequest request;
  request.q = std::string(data.substr(0, limits.max_query_bytes));
  request.fragments = 2;
  request.facets = {"source", "month"};
  for (int variant = 0; variant < 2; ++variant) {
    if (variant == 1) request.filters["lang"] = {"de"};
    try {
      service.search(request);
      service.suggest(request.q, 5);
    } catch (const Error&) {
    }
  }
}

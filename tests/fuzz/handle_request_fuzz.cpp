// The whole request path: the input is raw bytes on a connection, parsed by Beast with the
// server's limits, then answered by handle_request over a small index with the search page's
// files loaded. Whatever arrives, the answer is a response: a 5xx other than 503 (the index is
// busy) means something escaped the router's error edge, and is a bug.
#include <string>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "server/router.h"
#include "server/static_files.h"
#include "tests/fuzz/fuzz_index.h"
#include "tests/fuzz/fuzz_target.h"

DATELINE_FUZZ_TARGET(handle_request) {
  using namespace dateline;
  namespace beast = boost::beast;
  static SearchService service(fuzz::fuzz_index_path());
  static const RouterOptions options = [] {
    RouterOptions o;
    o.static_files = load_static_files(std::string(DATELINE_SOURCE_DIR) + "/web");
    o.admin_key = "fuzz-admin-key";  // writes need it; no writer, so they are refused anyway
    return o;
  }();
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 << 10);
  parser.body_limit(1 << 20);
  beast::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(data.data(), data.size()), ec);
  if (ec == http::error::need_more && used < data.size()) {
    parser.put(boost::asio::buffer(data.data() + used, data.size() - used), ec);
  }
  if (!parser.is_header_done()) return;
  if (!parser.is_done()) parser.put_eof(ec);
  if (ec && ec != http::error::partial_message) return;
  HttpResponse res = handle_request(parser.get(), service, options);
  unsigned status = res.result_int();
  if (status < 200 || (status >= 500 && status != 503)) __builtin_trap();
}

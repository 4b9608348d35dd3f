#include "server/cors.h"

#include <boost/test/unit_test.hpp>

#include "core/error.h"

using namespace dateline;
namespace http = boost::beast::http;

namespace {

CorsOptions allow(std::vector<std::string> origins) {
  CorsOptions o;
  o.allowed_origins = std::move(origins);
  return o;
}

http::request<http::string_body> preflight(const std::string& origin, const std::string& method) {
  http::request<http::string_body> req{http::verb::options, "/v1/search", 11};
  req.set(http::field::origin, origin);
  req.set(http::field::access_control_request_method, method);
  return req;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cors)

BOOST_AUTO_TEST_CASE(listed_origins_are_allowed_others_are_not) {
  CorsOptions o = allow({"https://news.example", "http://localhost:3000"});
  BOOST_TEST(cors_allow_origin(o, "https://news.example").value() == "https://news.example");
  BOOST_TEST(cors_allow_origin(o, "HTTPS://NEWS.EXAMPLE").has_value());
  BOOST_TEST(cors_allow_origin(o, "http://localhost:3000").has_value());
  BOOST_TEST(!cors_allow_origin(o, "https://evil.example").has_value());
  BOOST_TEST(!cors_allow_origin(o, "https://news.example.evil.example").has_value());
  BOOST_TEST(!cors_allow_origin(o, "").has_value());
  BOOST_TEST(cors_allow_origin(allow({"*"}), "https://any.example").value() == "*");
  BOOST_TEST(!cors_allow_origin(CorsOptions{}, "https://news.example").has_value());
}

BOOST_AUTO_TEST_CASE(preflight_from_an_allowed_origin_gets_204) {
  auto res =
      cors_preflight(preflight("https://news.example", "GET"), allow({"https://news.example"}));
  BOOST_TEST_REQUIRE(res.has_value());
  BOOST_TEST(res->result_int() == 204u);
  BOOST_TEST((*res)[http::field::access_control_allow_origin] == "https://news.example");
  BOOST_TEST((*res)[http::field::access_control_allow_methods] == "GET, HEAD");
  BOOST_TEST((*res)[http::field::access_control_allow_headers].find("X-Request-Id") !=
             std::string::npos);
  BOOST_TEST((*res)[http::field::access_control_max_age] == "600");
  BOOST_TEST((*res)[http::field::vary].find("Origin") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(preflight_refused_without_cors_headers) {
  auto res =
      cors_preflight(preflight("https://evil.example", "GET"), allow({"https://news.example"}));
  BOOST_TEST_REQUIRE(res.has_value());
  BOOST_TEST(res->result_int() == 403u);
  BOOST_TEST((*res)[http::field::access_control_allow_origin].empty());
  res =
      cors_preflight(preflight("https://news.example", "DELETE"), allow({"https://news.example"}));
  BOOST_TEST(res->result_int() == 403u);
  BOOST_TEST(res->body().find("\"forbidden\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(not_a_preflight_or_cors_off_is_left_to_the_router) {
  http::request<http::string_body> plain{http::verb::options, "/v1/search", 11};
  BOOST_TEST(!cors_preflight(plain, allow({"*"})).has_value());
  BOOST_TEST(!cors_preflight(preflight("https://news.example", "GET"), CorsOptions{}).has_value());
}

BOOST_AUTO_TEST_CASE(responses_vary_on_origin_and_name_allowed_ones) {
  CorsOptions o = allow({"https://news.example"});
  http::request<http::string_body> req{http::verb::get, "/v1/search", 11};
  req.set(http::field::origin, "https://news.example");
  http::response<http::string_body> res;
  add_cors_headers(req, o, res);
  BOOST_TEST(res[http::field::vary] == "Origin");
  BOOST_TEST(res[http::field::access_control_allow_origin] == "https://news.example");
  BOOST_TEST(res[http::field::access_control_expose_headers] == "X-Request-Id");

  req.set(http::field::origin, "https://evil.example");
  http::response<http::string_body> refused;
  add_cors_headers(req, o, refused);
  BOOST_TEST(refused[http::field::vary] == "Origin");
  BOOST_TEST((refused.find(http::field::access_control_allow_origin) == refused.end()));

  http::response<http::string_body> off;
  add_cors_headers(req, CorsOptions{}, off);
  BOOST_TEST((off.find(http::field::vary) == off.end()));
}

BOOST_AUTO_TEST_CASE(validation_accepts_origins_only) {
  BOOST_CHECK_NO_THROW(validate_cors_options(allow({"https://a.example", "http://[::1]:8080"})));
  BOOST_CHECK_THROW(validate_cors_options(allow({"a.example"})), Error);
  BOOST_CHECK_THROW(validate_cors_options(allow({"https://a.example/"})), Error);
  BOOST_CHECK_THROW(validate_cors_options(allow({"ftp://a.example"})), Error);
}

BOOST_AUTO_TEST_SUITE_END()

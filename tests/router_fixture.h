// A router test's set-up: a fresh index of tests/data/mini.jsonl, a service over it, router
// options to adjust, and requests sent to handle_request with an optional Bearer key.
#pragma once

#include <memory>
#include <string>

#include "server/router.h"
#include "tests/test_support.h"

namespace dateline::test {

struct MiniRouter {
  TempDir dir;
  std::string db = dir.str("db");
  std::unique_ptr<SearchService> service;
  RouterOptions options;

  MiniRouter() {
    index_jsonl(db, read_file(data_path("mini.jsonl")));
    service = std::make_unique<SearchService>(db);
  }

  HttpResponse send(http::verb method, const std::string& target, const std::string& key = "",
                    const std::string& body = "") {
    HttpRequest req{method, target, 11};
    if (!key.empty()) req.set(http::field::authorization, "Bearer " + key);
    req.body() = body;
    req.prepare_payload();
    return handle_request(req, *service, options);
  }
};

}  // namespace dateline::test

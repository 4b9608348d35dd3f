// The JSON object -> Article path every reader ends in: field mapping, caps and validation
// (emit_object, record_from_json), the stored form of what is accepted and the names its body
// gives the spelling table (names_in). Input that is not
// JSON within the depth bound is skipped: the readers never pass it on.
#include <string>

#include <nlohmann/json.hpp>

#include "core/json_depth.h"
#include "indexer/document_builder.h"
#include "indexer/record_emitter.h"
#include "schema/article.h"
#include "tests/fuzz/fuzz_sink.h"
#include "tests/fuzz/fuzz_target.h"

namespace {

class StoringSink : public dateline::fuzz::DiscardingSink {
 public:
  void on_article(std::size_t line, dateline::Article article) override {
    stored_ += dateline::article_to_json(article).dump().size();
    stored_ += dateline::names_in(article.body).size();
    DiscardingSink::on_article(line, std::move(article));
  }

 private:
  std::size_t stored_ = 0;
};

}  // namespace

DATELINE_FUZZ_TARGET(article_validation) {
  dateline::ReaderOptions options = dateline::fuzz::small_limits();
  if (data.size() > options.max_record_bytes) return;
  if (!dateline::json_depth_within(data, options.max_json_depth)) return;
  nlohmann::json object = nlohmann::json::parse(data, nullptr, false);
  if (object.is_discarded()) return;
  options.field_map = {{"headline", "title"}, {"link", "url"}};
  options.limits.max_title_bytes = 64;
  options.limits.max_body_bytes = 256;
  StoringSink sink;
  dateline::emit_object(std::move(object), 1, data, sink, options);
}

#include "server/search_service.h"

#include <cctype>
#include <chrono>

#include <xapian.h>

#include "core/error.h"
#include "indexer/document_builder.h"
#include "schema/schema.h"
#include "server/highlighter.h"

namespace dateline {
namespace {

using json = nlohmann::ordered_json;

// "source:Harbor Ledger"-style boolean filters: the value is slugified exactly as the indexer
// slugifies keyword values, so users need not know the normalised form.
class SlugFieldProcessor : public Xapian::FieldProcessor {
 public:
  explicit SlugFieldProcessor(std::string prefix) : prefix_(std::move(prefix)) {}

  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(filter_term(prefix_, value));
  }

 private:
  std::string prefix_;
};

// Words the user typed, not counting operators: decides between all-words and any-word matching.
int count_query_words(const std::string& q) {
  int words = 0;
  std::size_t i = 0;
  while (i < q.size()) {
    while (i < q.size() && std::isspace(static_cast<unsigned char>(q[i]))) ++i;
    std::size_t start = i;
    while (i < q.size() && !std::isspace(static_cast<unsigned char>(q[i]))) ++i;
    std::string token = q.substr(start, i - start);
    if (token.empty() || token == "AND" || token == "OR" || token == "NOT" || token == "XOR" ||
        token == "NEAR" || token == "ADJ") {
      continue;
    }
    bool has_word_char = false;
    for (unsigned char c : token) has_word_char = has_word_char || std::isalnum(c) || c >= 0x80;
    if (has_word_char) ++words;
  }
  return words;
}

std::string string_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

struct SearchService::Impl {
  std::string path;
  ServiceOptions options;
  Xapian::Database db;
  Schema schema;
  Xapian::Stem stem;
  Xapian::QueryParser parser;
  Xapian::valueno published_slot = Xapian::BAD_VALUENO;

  Impl(const std::string& db_path, ServiceOptions opts) : path(db_path), options(opts) {
    try {
      db = Xapian::Database(path);
    } catch (const Xapian::Error& e) {
      throw Error(ErrorKind::kUnavailable, "cannot open index " + path + ": " + e.get_msg());
    }
    std::string stored = db.get_metadata(kSchemaMetadataKey);
    if (stored.empty()) {
      throw Error(ErrorKind::kUnavailable, path + " is not a Dateline index (no schema stored)");
    }
    schema = schema_from_json(json::parse(stored));
    stem = stemmer_for(schema.default_language);
    if (const FieldSpec* published = schema.find("published_at"); published && published->date) {
      published_slot = published->date->slot;
    }
    configure_parser();
  }

  void configure_parser() {
    parser.set_database(db);
    parser.set_stemmer(stem);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_max_expansion(100, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    for (const FieldSpec& field : schema.fields) {
      if (field.query_name.empty()) continue;
      if (field.text && !field.text->prefix.empty()) {
        parser.add_prefix(field.query_name, field.text->prefix);
      } else if (field.filter) {
        parser.add_boolean_prefix(field.query_name,
                                  (new SlugFieldProcessor(field.filter->prefix))->release());
      }
    }
  }

  Xapian::Query parse(const std::string& q, Xapian::Query::op default_op) {
    parser.set_default_op(default_op);
    constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT |
                                Xapian::QueryParser::FLAG_WILDCARD |
                                Xapian::QueryParser::FLAG_PURE_NOT;
    try {
      return parser.parse_query(q, kFlags);
    } catch (const Xapian::QueryParserError&) {
      // Not valid query syntax (an unbalanced quote, a dangling operator): search the words.
    }
    try {
      return parser.parse_query(q, 0);
    } catch (const Xapian::QueryParserError&) {
      return Xapian::Query();  // nothing searchable in it
    }
  }

  SearchHit make_hit(const Xapian::MSet& mset, const Xapian::MSetIterator& it,
                     const HighlightOptions& highlight) {
    json stored = json::parse(it.get_document().get_data());
    SearchHit hit;
    hit.id = string_field(stored, "id");
    hit.url = string_field(stored, "url");
    hit.title = string_field(stored, "title");
    hit.source = string_field(stored, "source");
    hit.section = string_field(stored, "section");
    if (auto a = stored.find("authors"); a != stored.end() && a->is_array()) {
      for (const auto& name : *a) hit.authors.push_back(name.get<std::string>());
    }
    hit.published_at = string_field(stored, "published_at");
    hit.score = it.get_weight();
    hit.title_html = highlight_title(mset, hit.title, stem, highlight);
    hit.body_fragments = highlight_body(mset, string_field(stored, "summary"),
                                        string_field(stored, "body"), stem, highlight);
    return hit;
  }

  SearchResponse run(const SearchRequest& request) {
    SearchResponse response;
    response.query = request.q;
    response.page = request.page;
    response.per_page = request.per_page;

    Xapian::Enquire enquire(db);
    Xapian::Query query;
    int words = count_query_words(request.q);
    if (words == 0 && request.q.find_first_not_of(" \t\r\n") == std::string::npos) {
      response.matching = "browse";
      query = Xapian::Query::MatchAll;
      if (published_slot != Xapian::BAD_VALUENO) {
        enquire.set_sort_by_value_then_relevance(published_slot, true);
      }
    } else if (words <= options.short_query_words) {
      response.matching = "all";
      query = parse(request.q, Xapian::Query::OP_AND);
    } else {
      response.matching = "any";
      query = parse(request.q, Xapian::Query::OP_OR);
    }
    enquire.set_query(query);
    auto offset = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
    auto count = static_cast<Xapian::doccount>(request.per_page);
    Xapian::MSet mset = enquire.get_mset(offset, count, options.check_at_least);

    if (response.matching == "all" && words > 1 && mset.get_matches_upper_bound() == 0) {
      response.matching = "any";
      response.relaxed = true;
      enquire.set_query(parse(request.q, Xapian::Query::OP_OR));
      mset = enquire.get_mset(offset, count, options.check_at_least);
    }

    response.total = mset.get_matches_lower_bound();
    response.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    HighlightOptions highlight;
    highlight.body_bytes = options.body_snippet_bytes;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      response.hits.push_back(make_hit(mset, it, highlight));
    }
    return response;
  }

  // Runs `f` against a fresh view of the index; a concurrent commit that invalidates the view
  // mid-read is retried after reopen().
  template <class F>
  auto with_fresh_db(F&& f) {
    constexpr int kAttempts = 3;
    for (int attempt = 1;; ++attempt) {
      try {
        db.reopen();
        return f();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kAttempts) {
          throw Error(ErrorKind::kUnavailable, "index changed too fast to read; try again");
        }
      } catch (const Xapian::DatabaseError& e) {
        throw Error(ErrorKind::kUnavailable, "cannot read index: " + e.get_msg());
      }
    }
  }
};

SearchService::SearchService(const std::string& db_path, ServiceOptions options)
    : impl_(std::make_unique<Impl>(db_path, options)) {}

SearchService::~SearchService() = default;

SearchResponse SearchService::search(const SearchRequest& request) {
  auto start = std::chrono::steady_clock::now();
  SearchResponse response = impl_->with_fresh_db([&] { return impl_->run(request); });
  response.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return response;
}

json SearchService::get_article(const std::string& id) {
  if (id.empty() || id.size() > 240) {
    throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
  }
  return impl_->with_fresh_db([&] {
    Xapian::PostingIterator it = impl_->db.postlist_begin(impl_->schema.id_prefix() + id);
    if (it == impl_->db.postlist_end(impl_->schema.id_prefix() + id)) {
      throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
    }
    return json::parse(impl_->db.get_document(*it).get_data());
  });
}

IndexStats SearchService::stats() {
  return impl_->with_fresh_db([&] {
    IndexStats s;
    s.documents = impl_->db.get_doccount();
    s.revision = impl_->db.get_revision();
    s.average_length = impl_->db.get_avlength();
    std::string last = impl_->db.get_metadata(kLastCommitMetadataKey);
    s.last_commit = last.empty() ? 0 : std::stoll(last);
    s.schema = schema_to_json(impl_->schema);
    return s;
  });
}

}  // namespace dateline

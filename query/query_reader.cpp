#include "query/query_reader.h"

#include <algorithm>
#include <string_view>

#include "core/text.h"
#include "index/term_stats.h"
#include "index/terms.h"
#include "query/parser.h"
#include "query/spelling.h"
#include "query/stopwords.h"
#include "query/wildcards.h"

namespace dateline {
namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// The words of `text` when it is plain words, with no query syntax (quotes, field:, operators,
// wildcards, +/-, brackets); 0 otherwise.
int plain_words(const std::string& text) {
  if (text.find_first_of("\"():*+") != std::string::npos) return 0;
  int words = 0;
  std::size_t at = 0;
  while ((at = text.find_first_not_of(" \t\r\n", at)) != std::string::npos) {
    std::size_t end = text.find_first_of(" \t\r\n", at);
    std::string_view word(text.data() + at, (end == std::string::npos ? text.size() : end) - at);
    if (word.front() == '-' || is_query_operator(word)) return 0;
    ++words;
    at = end;
  }
  return words;
}

}  // namespace

Xapian::Query QueryPlan::combined(const std::string& without) const {
  // A MatchAll of this thread's own: Xapian::Query::MatchAll is one static object whose
  // reference count is not atomic, and copying it on several threads frees it under them.
  auto matched = [this](const Xapian::Query& read) {
    return grams != nullptr ? grams->rewrite_phrases(read) : read;
  };
  Xapian::Query q = main.query.empty() ? Xapian::Query(std::string()) : matched(main.query);
  // The phrase's articles have every word, so they match the text query already: OR only adds
  // the phrase's weight to theirs. (OP_AND_MAYBE would do the same but skips the phrase to every
  // candidate of an any-word query: 40 ms against 0.5 ms on Reuters-21578.)
  if (!main.phrase.empty()) q = Xapian::Query(Xapian::Query::OP_OR, q, matched(main.phrase));
  std::vector<Xapian::Query> parts;
  for (const auto& [name, filter] : filters) {
    if (name != without) parts.push_back(filter);
  }
  if (!parts.empty()) {
    q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                      Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
  }

  if (!hidden.empty()) q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, hidden);
  if (!recency.empty()) q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, recency);
  return q;
}

QueryReader::QueryReader(const Schema& schema, const Xapian::Database& db,
                         const QueryLimits& limits)
    : schema_(schema),
      db_(db),
      limits_(limits),
      strategy_(schema.stem_all ? Xapian::QueryParser::STEM_ALL : Xapian::QueryParser::STEM_SOME),
      grams_(schema.common_words, schema.common_not_with) {
  if (const FieldSpec* published = schema.find("published_at"); published && published->date) {
    published_slot_ = published->date->slot;
    if (published->date->day_slot) day_slot_ = *published->date->day_slot;
  }
  for (const auto& [name, prefix] : text_field_prefixes(schema)) text_fields_.insert(name);
}

std::vector<QueryLanguage> QueryReader::languages(const SearchRequest& request) const {
  auto lang = request.filters.find("lang");
  if (lang != request.filters.end() && lang->second.size() == 1) {
    return {query_language(schema_, to_lower(lang->second.front()))};
  }
  return index_languages_.get(view_, [this] { return index_languages(db_, schema_); });
}

QueryPlan QueryReader::read(const SearchRequest& request, const SynonymTable& synonyms) const {
  QueryPlan plan;
  plan.grams = &grams_;
  // One language selected: read the query with that language's stemmer; else in the default
  // language and every other the index holds.
  plan.languages = languages(request);
  plan.stem = plan.languages.front().stem;
  // A long query matches any of its words; its function words would only add noise there.
  plan.function_words = plan.languages.front().function_words;
  // A shouted query's operators are words (query/query_case.h), and count as such.
  plan.words = count_query_words(unshout_query(request.q));
  // The wildcard budget is per query: each wildcard gets an equal share of it.
  plan.wildcard_expansion = limits_.max_wildcard_expansion;
  if (int wildcards = count_wildcards(request.q); wildcards > 0) {
    unsigned share = std::max(1u, limits_.max_wildcard_terms / static_cast<unsigned>(wildcards));
    if (share < plan.wildcard_expansion) {
      plan.wildcard_expansion = share;
      plan.wildcards_truncated = true;
    }
  }
  bool browse = plan.words == 0 && blank(request.q);
  if (!request.include_hidden) {
    plan.hidden_at = request.now;
    plan.hidden = Visibility::of(schema_).hidden_at(request.now);
  }
  plan.text = synonyms.expand(request.q);
  if (browse) {
    plan.matching = Matching::kBrowse;
  } else if (plan.words <= limits_.short_query_words) {
    plan.matching = Matching::kAll;
    plan.main = read_text(plan, plan.text, Xapian::Query::OP_AND, nullptr);
  } else {
    plan.matching = Matching::kAny;
    plan.main = read_text(plan, plan.text, Xapian::Query::OP_OR, plan.function_words);
  }
  // Spelling correction reads the query as typed; an expanded query is not what they typed.
  if (!browse && plan.text == request.q) {
    // Only words the index has never seen are corrected (query/spelling.h).
    SpellingCorrection corrected = corrected_query(db_, unshout_query(request.q), plan.languages);
    if (!corrected.query.empty() && corrected.query != request.q) {
      plan.corrected = corrected.query;
      plan.corrected_edits = corrected.edits;
    }
  }
  for (const auto& [name, values] : request.filters)
    plan.filters[name] = filter_query(name, values);
  if ((request.from || request.to) && published_slot_ != Xapian::BAD_VALUENO) {
    plan.filters["date"] = date_query(request);
  }
  return plan;
}

TextQuery QueryReader::read_text(const QueryPlan& plan, const std::string& text,
                                 Xapian::Query::op op, const Xapian::Stopper* stopper) const {
  TextQuery out{text, op, stopper, read_languages(plan, text, op, stopper), Xapian::Query()};
  if (out.query.empty() || plain_words(text) < 2) return out;
  const std::string phrase = "\"" + text + "\"";
  Xapian::Query own =
      parse(phrase, plan.stem, plan.wildcard_expansion, Xapian::Query::OP_AND, nullptr, strategy_);
  std::vector<std::string> terms(own.get_unique_terms_begin(), own.get_unique_terms_end());
  Xapian::doccount rarest = db_.get_doccount();
  for (const auto& [term, n] : term_frequencies(db_, terms)) rarest = std::min(rarest, n);
  if (rarest <= limits_.max_phrase_boost_postings) out.phrase = own;
  return out;
}

Xapian::Query QueryReader::read_languages(const QueryPlan& plan, const std::string& text,
                                          Xapian::Query::op op,
                                          const Xapian::Stopper* stopper) const {
  Xapian::Query own = parse(text, plan.stem, plan.wildcard_expansion, op, stopper, strategy_);
  return in_languages(own, plan.languages, [&](const QueryLanguage& language) {
    return parse(text, language.stem, plan.wildcard_expansion, op,
                 stopper ? language.function_words : nullptr, strategy_);
  });
}

HighlightQueries QueryReader::highlight_queries(const QueryPlan& plan) const {
  HighlightQueries out;
  const TextQuery& main = plan.main;
  if (!schema_.stem_all || main.query.empty()) return out;
  // Read in each of the plan's languages, so that a hit is marked in its own (HitMaker picks
  // the stemmer by the hit's language).
  auto add_some = [&](std::vector<Xapian::Query>& to, const std::string& text, Xapian::Query::op op,
                      bool function_words) {
    for (const QueryLanguage& language : plan.languages) {
      to.push_back(parse(text, language.stem, plan.wildcard_expansion, op,
                         function_words ? language.function_words : nullptr,
                         Xapian::QueryParser::STEM_SOME));
      if (&language == &plan.languages.front()) out.own.push_back(to.back());
    }
  };
  std::string lower = lower_query_words(strip_field_names(main.source, text_fields_));
  out.strict = {main.query};
  add_some(out.strict, main.source, main.op, main.stopper != nullptr);
  if (lower != main.source) add_some(out.strict, lower, main.op, main.stopper != nullptr);
  if (lower.find('"') != std::string::npos) {
    std::replace(lower.begin(), lower.end(), '"', ' ');
    out.loose = out.strict;
    add_some(out.loose, lower, Xapian::Query::OP_OR, true);
  }
  return out;
}

Xapian::Query QueryReader::parse(const std::string& text, const Xapian::Stem& stem,
                                 unsigned expansion, Xapian::Query::op op,
                                 const Xapian::Stopper* stopper,
                                 Xapian::QueryParser::stem_strategy strategy) const {
  Xapian::QueryParser parser;
  configure_query_parser(parser, schema_, db_);
  parser.set_stemmer(stem);
  parser.set_stemming_strategy(strategy);
  parser.set_max_expansion(expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  if (day_slot_ != Xapian::BAD_VALUENO) {
    // published:2024-02-24..2024-03-01 (ISO dates) over the "YYYYMMDD" day slot.
    parser.add_rangeprocessor(
        (new Xapian::DateRangeProcessor(day_slot_, "published:", Xapian::RP_DATE_PREFER_MDY, 1970))
            ->release());
  }
  parser.set_default_op(op);
  parser.set_stopper(stopper);
  unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                   Xapian::QueryParser::FLAG_PURE_NOT;
  const std::string query = read_initialisms(unshout_query(text));
  try {
    Xapian::Query parsed = parse_with_wildcards(parser, query, flags, schema_, db_, stem);
    // Only a '*' makes a wildcard: other queries skip the walk over their tree.
    if (query.find('*') == std::string::npos) return parsed;
    return expand_wildcards(parsed, db_, expansion);
  } catch (const Xapian::QueryParserError&) {
    // Not valid query syntax (an unbalanced quote, a dangling operator): search the words.
  }
  try {
    return parser.parse_query(query, 0);
  } catch (const Xapian::QueryParserError&) {
    return Xapian::Query();  // nothing searchable in it
  }
}

Xapian::Query QueryReader::filter_query(const std::string& api_name,
                                        const std::vector<std::string>& values) const {
  const FieldSpec* field = api_field(schema_, api_name);
  if (field == nullptr || !field->filter) return Xapian::Query::MatchNothing;
  std::vector<Xapian::Query> terms;
  for (const std::string& value : values)
    terms.emplace_back(filter_term(field->filter->prefix, value));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query QueryReader::date_query(const SearchRequest& r) const {
  auto bound = [](std::int64_t t) { return Xapian::sortable_serialise(static_cast<double>(t)); };
  if (r.from && r.to) {
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, published_slot_, bound(*r.from),
                         bound(*r.to));
  }
  if (r.from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, published_slot_, bound(*r.from));
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, published_slot_, bound(*r.to));
}

}  // namespace dateline

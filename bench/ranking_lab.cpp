// Ranking experiments on a Dateline index, outside the server: reads the query the way
// server/search_service.cpp does (English stemmer, STEM_SOME, title: prefix, up to three words
// AND-ed, longer queries OR-ed) and lets one setting at a time change, so the effect of BM25
// k1/b, a stop list, stemming every word, or the query operator can be measured with
// bench/relevance.py before any change to the server. Built by bench/run; not part of Dateline.
//
//   ranking_lab DB TOPICS.tsv [k1=1.2] [b=0.75] [stop=0|1|any] [stem=index|some|all]
//   [op=auto|or|and]
//                [depth=100] [lower=0|1] [scheme=bm25|bm25plus|dph|pl2|lm] [mu=2000]
//                [prox=0] [window=8] [ordered=0|1]
// prints a TREC run (qid Q0 id rank score lab) for the topics (qid<TAB>text).
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "query/stopwords.h"

namespace {

int count_words(const std::string& q) {
  std::istringstream in(q);
  std::string t;
  int n = 0;
  while (in >> t) {
    if (t == "AND" || t == "OR" || t == "NOT" || t == "XOR" || t == "NEAR" || t == "ADJ") continue;
    for (unsigned char c : t) {
      if (std::isalnum(c) || c >= 0x80) {
        ++n;
        break;
      }
    }
  }
  return n;
}

std::string id_of(const Xapian::Database& db, Xapian::docid did) {
  auto it = db.termlist_begin(did);
  it.skip_to("Q");
  if (it != db.termlist_end(did) && (*it)[0] == 'Q') return (*it).substr(1);
  return std::to_string(did);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: ranking_lab DB TOPICS.tsv [k1=] [b=] [stop=0|1|any] [stem=index|some|all] "
                 "[op=auto|or|and] [depth=100] [lower=0|1] [prox=0] [window=8] [ordered=0|1]\n";
    return 2;
  }
  std::map<std::string, std::string> opt = {
      {"k1", "1.2"},  {"b", "0.75"},    {"stop", "0"},   {"stem", "index"},
      {"op", "auto"}, {"depth", "100"}, {"lower", "0"},  {"scheme", "bm25"},
      {"mu", "2000"}, {"prox", "0"},    {"window", "8"}, {"ordered", "0"}};
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    auto eq = a.find('=');
    if (eq != std::string::npos) opt[a.substr(0, eq)] = a.substr(eq + 1);
  }
  try {
    Xapian::Database db(argv[1]);
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(Xapian::Stem("english"));
    // stem=index: as the index was built (its stored schema's "stemming"; absent = "some").
    std::string stemming = opt["stem"];
    if (stemming == "index") {
      auto schema = nlohmann::json::parse(db.get_metadata("dateline:schema"), nullptr, false);
      stemming = schema.is_object() ? schema.value("stemming", "some") : "some";
    }
    parser.set_stemming_strategy(stemming == "all" ? Xapian::QueryParser::STEM_ALL
                                                   : Xapian::QueryParser::STEM_SOME);
    parser.add_prefix("title", "S");
    // stop=1: the server's English stop list on every query; stop=any: on any-word (long)
    // queries only, as the server reads them.
    const Xapian::Stopper* stopper = dateline::stopper_for("en");
    Xapian::Enquire enquire(db);
    const std::string& scheme = opt["scheme"];
    if (scheme == "bm25plus") {
      enquire.set_weighting_scheme(
          Xapian::BM25PlusWeight(std::stod(opt["k1"]), 0, 1, std::stod(opt["b"]), 0.5, 1.0));
    } else if (scheme == "dph") {
      enquire.set_weighting_scheme(Xapian::DPHWeight());
    } else if (scheme == "pl2") {
      enquire.set_weighting_scheme(Xapian::PL2Weight());
    } else if (scheme == "lm") {
      enquire.set_weighting_scheme(
          Xapian::LMWeight(0.0, Xapian::Weight::DIRICHLET_SMOOTHING, std::stod(opt["mu"]), 0.0));
    } else {
      enquire.set_weighting_scheme(
          Xapian::BM25Weight(std::stod(opt["k1"]), 0, 1, std::stod(opt["b"]), 0.5));
    }
    std::ifstream in(argv[2]);
    std::string line;
    int depth = std::stoi(opt["depth"]);
    while (std::getline(in, line)) {
      auto tab = line.find('\t');
      if (tab == std::string::npos) continue;
      std::string qid = line.substr(0, tab), text = line.substr(tab + 1);
      if (opt["lower"] == "1")
        for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      bool any = opt["op"] == "or" || (opt["op"] == "auto" && count_words(text) > 3);
      parser.set_default_op(any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
      bool stop = opt["stop"] == "1" || (opt["stop"] == "any" && any);
      parser.set_stopper(stop ? stopper : nullptr);
      Xapian::Query q;
      unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                       Xapian::QueryParser::FLAG_PURE_NOT;
      try {
        q = parser.parse_query(text, flags);
      } catch (const Xapian::QueryParserError&) {
        q = parser.parse_query(text, 0);
      }
      // prox=L: a proximity bonus, the SDM idea in Xapian's built-in operators. Each pair of
      // neighbouring query words found within `window` positions of each other (in order with
      // ordered=1) adds L times its words' weights; the match is unchanged (AND_MAYBE).
      double prox = std::stod(opt["prox"]);
      if (prox > 0) {
        std::vector<std::string> words;
        for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
          if (!(*t).empty() && !std::isupper(static_cast<unsigned char>((*t)[0])))
            words.push_back(*t);
        std::vector<Xapian::Query> pairs;
        auto op = opt["ordered"] == "1" ? Xapian::Query::OP_PHRASE : Xapian::Query::OP_NEAR;
        for (size_t i = 0; i + 1 < words.size(); ++i) {
          if (words[i] == words[i + 1]) continue;
          Xapian::Query two[] = {Xapian::Query(words[i]), Xapian::Query(words[i + 1])};
          pairs.emplace_back(op, two, two + 2, std::stoi(opt["window"]));
        }
        if (!pairs.empty())
          q = Xapian::Query(
              Xapian::Query::OP_AND_MAYBE, q,
              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                            Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()), prox));
      }
      enquire.set_query(q);
      Xapian::MSet mset = enquire.get_mset(0, depth);
      int r = 1;
      for (auto it = mset.begin(); it != mset.end(); ++it, ++r)
        std::printf("%s Q0 %s %d %.4f lab\n", qid.c_str(), id_of(db, *it).c_str(), r,
                    it.get_weight());
    }
  } catch (const Xapian::Error& e) {
    std::cerr << "ranking_lab: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}

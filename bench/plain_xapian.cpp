// A plain Xapian program, as a reference point for Dateline's own figures: what the library
// alone does with the same articles, without Dateline's schema, clustering, spelling data,
// facets or HTTP. Built by bench/run with g++ against libxapian-dev; not part of the project.
//
//   plain_xapian ingest DB CORPUS.jsonl            index (replace_document on Q+id, commit every
//                                                  10,000); prints a JSON summary
//   plain_xapian query DB QUERIES.jsonl THREADS SECONDS [--no-snippets]
//                                                  top 10 (+ one MSet::snippet per hit) for each
//                                                  query in turn, THREADS threads with their own
//                                                  Database, for SECONDS; prints JSON latencies
//   plain_xapian sanity DB QUERIES.jsonl           zero-hit fraction and mean hits, one pass
//   plain_xapian rank DB TOPICS.tsv DEPTH           qid<TAB>text in; TREC run lines out (any word)
//   plain_xapian same-work DB QUERIES.txt THREADS SECONDS
//                                                  against Dateline's own index (issue 25): each
//                                                  line a query, STEM_ALL, every word required,
//                                                  top 10, one snippet of the stored body per hit
//                                                  (SNIPPET_EXHAUSTIVE only: no background model)
//   plain_xapian same-work-once DB QUERIES.txt N   the first N queries once, one thread (for
//                                                  callgrind: instructions per query)
//
// Queries: {"q": "...", "section": "...", "source": "..."}; up to three words are AND-ed,
// longer queries OR-ed (QueryParser syntax: "phrases" work); section/source filter.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Query {
  std::string q, section, source;
};

std::vector<Query> read_queries(const std::string& path) {
  std::vector<Query> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    out.push_back({j.value("q", ""), j.value("section", ""), j.value("source", "")});
  }
  return out;
}

int ingest(const std::string& db_path, const std::string& corpus) {
  auto start = Clock::now();
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator gen;
  Xapian::Stem stem("english");
  gen.set_stemmer(stem);
  gen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  std::ifstream in(corpus);
  std::string line;
  long n = 0, bytes = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    bytes += static_cast<long>(line.size()) + 1;
    auto a = nlohmann::json::parse(line);
    std::string id = a.value("id", "");
    std::string title = a.value("title", "");
    std::string body = a.value("body", "");
    Xapian::Document doc;
    gen.set_document(doc);
    gen.index_text(title);
    gen.increase_termpos(100);
    gen.index_text(body);
    if (a.contains("section") && a["section"].is_string())
      doc.add_boolean_term("XP" + lower(a["section"].get<std::string>()));
    if (a.contains("source") && a["source"].is_string())
      doc.add_boolean_term("G" + lower(a["source"].get<std::string>()));
    std::string idterm = "Q" + id;
    doc.add_boolean_term(idterm);
    nlohmann::json stored = {{"id", id}, {"title", title}, {"body", body}};
    doc.set_data(stored.dump());
    db.replace_document(idterm, doc);
    if (++n % 10000 == 0) db.commit();
  }
  db.commit();
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("{\"documents\":%ld,\"bytes\":%ld,\"seconds\":%.3f}\n", n, bytes, secs);
  return 0;
}

int count_words(const std::string& q) {
  std::istringstream in(q);
  std::string w;
  int n = 0;
  while (in >> w) ++n;
  return n;
}

struct Searcher {
  Xapian::Database db;
  Xapian::QueryParser parser;
  Xapian::Stem stem{"english"};

  explicit Searcher(const std::string& path) : db(path) {
    parser.set_database(db);
    parser.set_stemmer(stem);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  }

  Xapian::Query parse(const std::string& text, bool any_word) {
    parser.set_default_op(any_word || count_words(text) > 3 ? Xapian::Query::OP_OR
                                                            : Xapian::Query::OP_AND);
    try {
      return parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT);
    } catch (const Xapian::QueryParserError&) {
      return parser.parse_query(text, 0);
    }
  }

  // Returns the number of matches (estimated); fills snippets when asked.
  Xapian::doccount run(const Query& query, bool snippets, std::size_t* snippet_bytes) {
    Xapian::Query q = parse(query.q, false);
    std::vector<Xapian::Query> filters;
    if (!query.section.empty()) filters.emplace_back("XP" + lower(query.section));
    if (!query.source.empty()) filters.emplace_back("G" + lower(query.source));
    if (!filters.empty())
      q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                        Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      auto stored = nlohmann::json::parse(it.get_document().get_data());
      if (snippets) {
        std::string s =
            mset.snippet(stored.value("body", ""), 200, stem,
                         Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                         "<mark>", "</mark>", "…");
        *snippet_bytes += s.size();
      }
    }
    return mset.get_matches_estimated();
  }
};

// What Dateline does for an all-words query, as the library alone does it (issue 25): a
// QueryParser reading as Dateline's schema reads ("stemming": "all", every word required), the
// top 10, and for each hit its stored article (Dateline's JSON) parsed for the body and one
// MSet::snippet of 200 bytes without the background model. No spelling, statistics passes,
// titles, facets, collapse, recency or HTTP.
struct SameWork {
  Xapian::Database db;
  Xapian::QueryParser parser;
  Xapian::Stem stem{"english"};

  explicit SameWork(const std::string& path) : db(path) {
    parser.set_database(db);
    parser.set_stemmer(stem);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    parser.set_default_op(Xapian::Query::OP_AND);
  }

  // Returns the bytes of the snippets made.
  std::size_t run(const std::string& text) {
    Xapian::Enquire enquire(db);
    enquire.set_query(parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT));
    Xapian::MSet mset = enquire.get_mset(0, 10);
    std::size_t bytes = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      auto stored = nlohmann::json::parse(it.get_document().get_data());
      bytes += mset.snippet(stored.value("body", ""), 200, stem, Xapian::MSet::SNIPPET_EXHAUSTIVE,
                            "<mark>", "</mark>", "…")
                   .size();
    }
    return bytes;
  }
};

std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

double pct(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::size_t i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

int query(const std::string& db_path, const std::string& qfile, int threads, double seconds,
          bool snippets) {
  auto queries = read_queries(qfile);
  std::vector<std::vector<double>> lat(threads);
  std::vector<std::thread> pool;
  std::atomic<bool> failed{false};
  auto start = Clock::now();
  auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      try {
        Searcher s(db_path);
        std::size_t bytes = 0;
        std::size_t i = static_cast<std::size_t>(t) * queries.size() / threads;
        while (Clock::now() < deadline) {
          auto t0 = Clock::now();
          s.run(queries[i % queries.size()], snippets, &bytes);
          lat[t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          ++i;
        }
      } catch (const Xapian::Error& e) {
        std::cerr << e.get_description() << "\n";
        failed = true;
      }
    });
  }
  for (auto& th : pool) th.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  std::printf(
      "{\"requests\":%zu,\"seconds\":%.3f,\"qps\":%.1f,\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f}\n",
      all.size(), elapsed, static_cast<double>(all.size()) / elapsed, pct(all, 50), pct(all, 95),
      pct(all, 99));
  return failed ? 1 : 0;
}

int same_work(const std::string& db_path, const std::string& qfile, int threads, double seconds) {
  auto queries = read_lines(qfile);
  if (queries.empty()) throw std::runtime_error("no queries in " + qfile);
  std::vector<std::vector<double>> lat(threads);
  std::vector<std::thread> pool;
  std::atomic<bool> failed{false};
  std::atomic<std::size_t> bytes{0};
  auto start = Clock::now();
  auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      try {
        SameWork s(db_path);
        std::size_t mine = 0;
        std::size_t i = static_cast<std::size_t>(t) * queries.size() / threads;
        while (Clock::now() < deadline) {
          auto t0 = Clock::now();
          mine += s.run(queries[i % queries.size()]);
          lat[t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          ++i;
        }
        bytes += mine;
      } catch (const Xapian::Error& e) {
        std::cerr << e.get_description() << "\n";
        failed = true;
      }
    });
  }
  for (auto& th : pool) th.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  std::printf(
      "{\"requests\":%zu,\"seconds\":%.3f,\"qps\":%.1f,\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f,"
      "\"snippet_bytes\":%zu}\n",
      all.size(), elapsed, static_cast<double>(all.size()) / elapsed, pct(all, 50), pct(all, 95),
      pct(all, 99), bytes.load());
  return failed ? 1 : 0;
}

int same_work_once(const std::string& db_path, const std::string& qfile, std::size_t n) {
  auto queries = read_lines(qfile);
  SameWork s(db_path);
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < n && i < queries.size(); ++i) bytes += s.run(queries[i]);
  std::printf("{\"queries\":%zu,\"snippet_bytes\":%zu}\n", std::min(n, queries.size()), bytes);
  return 0;
}

int sanity(const std::string& db_path, const std::string& qfile) {
  auto queries = read_queries(qfile);
  Searcher s(db_path);
  std::size_t zero = 0, bytes = 0;
  double hits = 0;
  for (const auto& q : queries) {
    auto n = s.run(q, false, &bytes);
    if (n == 0) ++zero;
    hits += n;
  }
  std::printf("{\"queries\":%zu,\"zero_hit_fraction\":%.4f,\"mean_hits\":%.1f}\n", queries.size(),
              static_cast<double>(zero) / static_cast<double>(queries.size()),
              hits / static_cast<double>(queries.size()));
  return 0;
}

int rank(const std::string& db_path, const std::string& topics, int depth) {
  Searcher s(db_path);
  std::ifstream in(topics);
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string qid = line.substr(0, tab);
    Xapian::Enquire enquire(s.db);
    enquire.set_query(s.parse(line.substr(tab + 1), true));
    Xapian::MSet mset = enquire.get_mset(0, depth);
    int r = 1;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++r) {
      auto stored = nlohmann::json::parse(it.get_document().get_data());
      std::printf("%s Q0 %s %d %.4f plain-xapian\n", qid.c_str(), stored.value("id", "").c_str(), r,
                  it.get_weight());
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  try {
    if (a.size() == 3 && a[0] == "ingest") return ingest(a[1], a[2]);
    if (a.size() >= 5 && a[0] == "query")
      return query(a[1], a[2], std::stoi(a[3]), std::stod(a[4]),
                   !(a.size() > 5 && a[5] == "--no-snippets"));
    if (a.size() == 3 && a[0] == "sanity") return sanity(a[1], a[2]);
    if (a.size() == 4 && a[0] == "rank") return rank(a[1], a[2], std::stoi(a[3]));
    if (a.size() == 5 && a[0] == "same-work")
      return same_work(a[1], a[2], std::stoi(a[3]), std::stod(a[4]));
    if (a.size() == 4 && a[0] == "same-work-once")
      return same_work_once(a[1], a[2], std::stoul(a[3]));
  } catch (const Xapian::Error& e) {
    std::cerr << "plain_xapian: " << e.get_description() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "plain_xapian: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: plain_xapian ingest DB CORPUS | query DB QUERIES THREADS SECONDS "
               "[--no-snippets] | sanity DB QUERIES | rank DB TOPICS DEPTH | same-work DB "
               "QUERIES.txt THREADS SECONDS | same-work-once DB QUERIES.txt N\n";
  return 2;
}

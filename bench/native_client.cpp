// A closed-loop load driver in C++ for every engine bench/run compares, so that each is driven
// by a client of the same cost (wrk for Dateline and one Python process per client for the
// peers were not). Built by bench/run and bench/scale-point with g++ (libmariadb, libpq,
// sqlite3); not part of the project.
//
//   native_client http     PATHS      PORT    CLIENTS SECONDS [--timeout S]
//   native_client sphinx   STATEMENTS PORT    CLIENTS SECONDS [--timeout S]
//   native_client postgres STATEMENTS PORT    CLIENTS SECONDS [--timeout S]
//   native_client sqlite   STATEMENTS DBFILE  CLIENTS SECONDS [--timeout S]
//
// CLIENTS threads, each with its own connection (127.0.0.1), walk the same list in turn, thread
// k from entry k*7919 (as bench/query-walk.lua does for wrk), for SECONDS, one request at a time
// (closed loop), and the program prints one JSON line: requests (answered without error),
// seconds, qps, p50/p95/p99 latency in ms, errors, and the client's own CPU time (user + sys,
// getrusage(RUSAGE_SELF)) over the measured window, in all and per query. For SQLite the
// engine is a library in this process: its CPU is the engine's, not a client's overhead.
//
// What is sent: nothing is parsed or rendered here. For http, the URL paths of PATHS (one a
// line, bench/generate-queries --paths: the same list wrk walks), GET over one keep-alive
// HTTP/1.1 connection per thread; any status but 200 is an error. For the SQL engines,
// STATEMENTS is what `bench/peers.py render ENGINE NAME QUERIES [--no-snippets]` writes: the
// very statements and arguments peers.py's `query` sends, one JSON line per query
// ({"sql", "params"}), so the query mapping (words AND-ed, "phrases", section/source filters)
// is peers.py's own:
//   sphinx    libmariadb, SphinxQL; each argument quoted as pymysql quotes it (the client-side
//             substitution pymysql does; searchd has no prepared statements); with snippets a
//             second statement, CALL SNIPPETS over the hits' bodies (the SELECT's third column)
//             as peers.py sends it.
//   postgres  libpq, PQexecParams with the arguments as parameters $1, $2, ... (psycopg2
//             substitutes them client-side; the unnamed statement is planned with their values
//             either way); ts_rank_cd, and ts_headline with snippets.
//   sqlite    the C API, one read-only connection per thread (SQLITE_OPEN_READONLY |
//             SQLITE_OPEN_NOMUTEX); prepared statements kept per SQL text and re-bound, as
//             python3's sqlite3 does with its statement cache; bm25 (ORDER BY rank), snippet().
// Every row of every result is read, as the Python clients' fetchall() does.
//
// Bounded: each request has a timeout (--timeout, 10 s: socket timeouts, libmariadb's read and
// write timeouts, PostgreSQL's statement_timeout, an SQLite progress handler); a request that
// fails or times out is counted in "errors" and the thread reconnects. Connecting is given at
// most 5 s before the window opens; the window closes after SECONDS; a request still running
// 3 s later is counted as an error ("unfinished") and the program exits without waiting for
// it. So a run takes at most SECONDS + 8 s.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <mysql.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

struct Statement {
  std::string sql;
  std::vector<std::string> params;
  bool snippets = false;  // sphinx: a CALL SNIPPETS follows
  std::string snippet_sql;
  std::vector<std::string> snippet_params;
};

struct Options {
  std::string backend, list, target;
  int clients = 1;
  double seconds = 10, timeout = 10;
};

// One client's tally; the main thread reads it under the mutex at the end.
struct Tally {
  std::mutex m;
  std::vector<double> lat_ms;
  long errors = 0;
  bool busy = false;  // a request is under way
  std::string last_error;
};

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double pct(const std::vector<double>& sorted, double p) {  // as bench/peers.py's pct()
  if (sorted.empty()) return 0.0;
  auto i = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

// ---- http -------------------------------------------------------------------------------------

class Http {
 public:
  Http(int port, double timeout) : port_(port), timeout_(timeout) {}
  ~Http() { close_socket(); }

  // GET path; true when the whole response was read and its status was 200.
  bool request(const std::string& path, std::string& error) {
    if (fd_ < 0 && !connect_socket(error)) return false;
    std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                      "\r\nConnection: keep-alive\r\n\r\n";
    if (!send_all(req)) {
      // The server may have closed an idle keep-alive connection: one fresh try.
      close_socket();
      if (!connect_socket(error) || !send_all(req)) return fail("send", error);
    }
    int status = 0;
    bool close_after = false;
    if (!read_response(status, close_after, error)) return false;
    if (close_after) close_socket();
    if (status != 200) {
      error = "HTTP " + std::to_string(status);
      return false;
    }
    return true;
  }

 private:
  bool fail(const char* what, std::string& error) {
    error = std::string(what) + ": " + (errno ? std::strerror(errno) : "connection closed");
    close_socket();
    return false;
  }

  bool connect_socket(std::string& error) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return fail("socket", error);
    timeval tv{};
    tv.tv_sec = static_cast<long>(timeout_);
    tv.tv_usec = static_cast<long>((timeout_ - static_cast<double>(tv.tv_sec)) * 1e6);
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      return fail("connect", error);
    buf_.clear();
    return true;
  }

  void close_socket() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buf_.clear();
  }

  bool send_all(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        return false;
      }
      off += static_cast<size_t>(n);
    }
    return true;
  }

  // Appends what the socket has to buf_; false on error, timeout or end of stream.
  bool fill() {
    char chunk[65536];
    for (;;) {
      errno = 0;
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n > 0) {
        buf_.append(chunk, static_cast<size_t>(n));
        return true;
      }
      if (n < 0 && errno == EINTR) continue;
      return false;
    }
  }

  // The next CRLF-terminated line from pos_ on (reading more as needed).
  bool line(std::string& out) {
    for (;;) {
      size_t eol = buf_.find("\r\n", pos_);
      if (eol != std::string::npos) {
        out.assign(buf_, pos_, eol - pos_);
        pos_ = eol + 2;
        return true;
      }
      if (!fill()) return false;
    }
  }

  bool bytes(size_t n) {  // skips n bytes of body
    while (buf_.size() - pos_ < n)
      if (!fill()) return false;
    pos_ += n;
    return true;
  }

  static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  bool read_response(int& status, bool& close_after, std::string& error) {
    pos_ = 0;
    std::string l;
    if (!line(l)) return fail("read status", error);
    if (l.size() < 12 || l.compare(0, 5, "HTTP/") != 0) {
      error = "bad status line";
      close_socket();
      return false;
    }
    status = std::atoi(l.c_str() + 9);
    long length = -1;
    bool chunked = false;
    for (;;) {
      if (!line(l)) return fail("read headers", error);
      if (l.empty()) break;
      auto colon = l.find(':');
      if (colon == std::string::npos) continue;
      std::string name = lower(l.substr(0, colon));
      std::string value = l.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      if (name == "content-length") length = std::atol(value.c_str());
      if (name == "transfer-encoding" && lower(value).find("chunked") != std::string::npos)
        chunked = true;
      if (name == "connection" && lower(value).find("close") != std::string::npos)
        close_after = true;
    }
    if (chunked) {
      for (;;) {
        if (!line(l)) return fail("read chunk size", error);
        size_t size = std::strtoul(l.c_str(), nullptr, 16);
        if (size == 0) {  // trailers, then an empty line
          do {
            if (!line(l)) return fail("read trailer", error);
          } while (!l.empty());
          break;
        }
        if (!bytes(size + 2)) return fail("read chunk", error);
      }
    } else if (length >= 0) {
      if (!bytes(static_cast<size_t>(length))) return fail("read body", error);
    } else {
      while (fill()) {
      }
      close_after = true;
    }
    buf_.erase(0, pos_);
    pos_ = 0;
    return true;
  }

  int port_;
  double timeout_;
  int fd_ = -1;
  std::string buf_;
  size_t pos_ = 0;
};

// ---- sphinx (libmariadb, SphinxQL) ----------------------------------------------------------

class Sphinx {
 public:
  Sphinx(int port, double timeout) : port_(port), timeout_(timeout) {}
  ~Sphinx() { close(); }

  bool request(const Statement& st, std::string& error) {
    if (!db_ && !open(error)) return false;
    std::string sql = substitute(st.sql, st.params);
    if (mysql_real_query(db_, sql.data(), sql.size()) != 0) return fail(error);
    MYSQL_RES* res = mysql_store_result(db_);
    if (!res) return fail(error);
    std::vector<std::string> bodies;
    while (MYSQL_ROW row = mysql_fetch_row(res)) {
      unsigned long* len = mysql_fetch_lengths(res);
      if (st.snippets && mysql_num_fields(res) >= 3) bodies.push_back(quote(row[2], len[2]));
    }
    mysql_free_result(res);
    if (!st.snippets || bodies.empty()) return true;
    std::string joined;
    for (size_t i = 0; i < bodies.size(); ++i) joined += (i ? ", " : "") + bodies[i];
    std::string call = st.snippet_sql;
    auto at = call.find("{bodies}");
    if (at == std::string::npos) {
      error = "no {bodies} in the snippet statement";
      return false;
    }
    call.replace(at, 8, joined);
    call = substitute(call, st.snippet_params);
    if (mysql_real_query(db_, call.data(), call.size()) != 0) return fail(error);
    res = mysql_store_result(db_);
    if (!res) return fail(error);
    while (mysql_fetch_row(res)) {
    }
    mysql_free_result(res);
    return true;
  }

 private:
  bool open(std::string& error) {
    db_ = mysql_init(nullptr);
    unsigned int t = static_cast<unsigned int>(std::max(1.0, timeout_));
    mysql_options(db_, MYSQL_OPT_CONNECT_TIMEOUT, &t);
    mysql_options(db_, MYSQL_OPT_READ_TIMEOUT, &t);
    mysql_options(db_, MYSQL_OPT_WRITE_TIMEOUT, &t);
    mysql_options(db_, MYSQL_SET_CHARSET_NAME, "utf8");  // as peers.py's pymysql.connect
    if (!mysql_real_connect(db_, "127.0.0.1", "", nullptr, nullptr,
                            static_cast<unsigned int>(port_), nullptr, 0))
      return fail(error);
    return true;
  }

  bool fail(std::string& error) {
    error = db_ ? mysql_error(db_) : "mysql_init failed";
    close();
    return false;
  }

  void close() {
    if (db_) mysql_close(db_);
    db_ = nullptr;
  }

  // 'value' with backslash escapes, as pymysql's escape_string (and mysql_real_escape_string).
  std::string quote(const char* value, unsigned long len) {
    std::string out(2 * len + 3, '\0');
    out[0] = '\'';
    unsigned long n = mysql_real_escape_string(db_, out.data() + 1, value, len);
    out.resize(n + 1);
    out += '\'';
    return out;
  }

  // Each %s of sql replaced by the next parameter, quoted (pymysql's client-side substitution).
  std::string substitute(const std::string& sql, const std::vector<std::string>& params) {
    std::string out;
    size_t p = 0, k = 0;
    for (;;) {
      size_t at = sql.find("%s", p);
      if (at == std::string::npos || k == params.size()) break;
      out.append(sql, p, at - p);
      out += quote(params[k].data(), params[k].size());
      ++k;
      p = at + 2;
    }
    out.append(sql, p, std::string::npos);
    return out;
  }

  int port_;
  double timeout_;
  MYSQL* db_ = nullptr;
};

// ---- postgres (libpq) -----------------------------------------------------------------------

class Postgres {
 public:
  Postgres(int port, double timeout) : port_(port), timeout_(timeout) {}
  ~Postgres() { close(); }

  bool request(const Statement& st, std::string& error) {
    if (!db_ && !open(error)) return false;
    std::vector<const char*> values;
    for (const auto& p : st.params) values.push_back(p.c_str());
    PGresult* res = PQexecParams(db_, st.sql.c_str(), static_cast<int>(values.size()), nullptr,
                                 values.data(), nullptr, nullptr, 0);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    if (ok) {
      size_t bytes = 0;  // read every value, as fetchall() does
      for (int r = 0; r < PQntuples(res); ++r)
        for (int c = 0; c < PQnfields(res); ++c) bytes += std::strlen(PQgetvalue(res, r, c));
      sink_ += bytes;
    } else {
      error = PQresultErrorMessage(res);
      if (PQstatus(db_) != CONNECTION_OK) close();
    }
    PQclear(res);
    return ok;
  }

 private:
  bool open(std::string& error) {
    long ms = static_cast<long>(timeout_ * 1000);
    std::string conninfo =
        "host=127.0.0.1 port=" + std::to_string(port_) +
        " user=bench dbname=postgres connect_timeout=" + std::to_string(std::max(2L, ms / 1000)) +
        " options='-c statement_timeout=" + std::to_string(ms) + "'";
    db_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(db_) != CONNECTION_OK) {
      error = PQerrorMessage(db_);
      close();
      return false;
    }
    return true;
  }

  void close() {
    if (db_) PQfinish(db_);
    db_ = nullptr;
  }

  int port_;
  double timeout_;
  PGconn* db_ = nullptr;
  size_t sink_ = 0;
};

// ---- sqlite (C API, in process) -------------------------------------------------------------

class SQLite {
 public:
  SQLite(std::string path, double timeout) : path_(std::move(path)), timeout_(timeout) {}
  ~SQLite() { close(); }

  bool request(const Statement& st, std::string& error) {
    if (!db_ && !open(error)) return false;
    sqlite3_stmt*& stmt = cache_[st.sql];
    if (!stmt && sqlite3_prepare_v2(db_, st.sql.c_str(), static_cast<int>(st.sql.size()), &stmt,
                                    nullptr) != SQLITE_OK) {
      error = sqlite3_errmsg(db_);
      cache_.erase(st.sql);
      return false;
    }
    sqlite3_reset(stmt);
    for (size_t i = 0; i < st.params.size(); ++i)
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), st.params[i].data(),
                        static_cast<int>(st.params[i].size()), SQLITE_STATIC);
    until_ = Clock::now() +
             std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_));
    int rc;
    size_t bytes = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        sqlite3_column_text(stmt, c);  // as text, as python3's sqlite3 returns str
        bytes += static_cast<size_t>(sqlite3_column_bytes(stmt, c));
      }
    sink_ += bytes;
    if (rc != SQLITE_DONE) {
      error = sqlite3_errmsg(db_);
      sqlite3_reset(stmt);
      return false;
    }
    sqlite3_reset(stmt);
    return true;
  }

 private:
  bool open(std::string& error) {
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      error = db_ ? sqlite3_errmsg(db_) : "sqlite3_open_v2 failed";
      close();
      return false;
    }
    sqlite3_progress_handler(
        db_, 10000,
        [](void* self) -> int { return Clock::now() > static_cast<SQLite*>(self)->until_; }, this);
    return true;
  }

  void close() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
  }

  std::string path_;
  double timeout_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  Clock::time_point until_;
  size_t sink_ = 0;
};

// ---- the walk ---------------------------------------------------------------------------------

std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(line);
  return out;
}

std::vector<Statement> read_statements(const std::string& path) {
  std::vector<Statement> out;
  for (const auto& line : read_lines(path)) {
    Json j = Json::parse(line);
    Statement st;
    st.sql = j.at("sql").get<std::string>();
    for (const auto& p : j.value("params", Json::array()))
      st.params.push_back(p.get<std::string>());
    if (j.contains("snippets")) {
      st.snippets = true;
      st.snippet_sql = j["snippets"].at("sql").get<std::string>();
      for (const auto& p : j["snippets"].value("params", Json::array()))
        st.snippet_params.push_back(p.get<std::string>());
    }
    out.push_back(std::move(st));
  }
  return out;
}

// One client: waits for the start, then walks items from `first` until the deadline.
template <typename Conn, typename Item>
void walk(Conn& conn, const std::vector<Item>& items, size_t first, Tally& tally,
          std::atomic<bool>& go, Clock::time_point& deadline, std::atomic<int>& ready) {
  std::string error;
  // Connect (and warm the connection) before the window opens; a failure here is counted and
  // the connection is retried in the window.
  {
    std::lock_guard<std::mutex> g(tally.m);
    tally.busy = true;
  }
  bool warm = conn.request(items[first % items.size()], error);
  {
    std::lock_guard<std::mutex> g(tally.m);
    tally.busy = false;
  }
  if (!warm) {
    std::lock_guard<std::mutex> g(tally.m);
    ++tally.errors;
    tally.last_error = "before the window: " + error;
  }
  ready.fetch_add(1);
  while (!go.load()) std::this_thread::sleep_for(std::chrono::microseconds(200));
  for (size_t i = first;; ++i) {
    auto t0 = Clock::now();
    if (t0 >= deadline) break;
    {
      std::lock_guard<std::mutex> g(tally.m);
      tally.busy = true;
    }
    bool ok = conn.request(items[i % items.size()], error);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::lock_guard<std::mutex> g(tally.m);
    tally.busy = false;
    if (ok) {
      tally.lat_ms.push_back(ms);
    } else {
      ++tally.errors;
      tally.last_error = error;
      // A refused connection would otherwise spin: a short pause before the next try.
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

int usage() {
  std::fprintf(stderr,
               "usage: native_client http|sphinx|postgres|sqlite LIST PORT|DBFILE CLIENTS "
               "SECONDS [--timeout S]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) return usage();
  Options o;
  o.backend = argv[1];
  o.list = argv[2];
  o.target = argv[3];
  o.clients = std::atoi(argv[4]);
  o.seconds = std::atof(argv[5]);
  for (int a = 6; a < argc; ++a) {
    if (std::string(argv[a]) == "--timeout" && a + 1 < argc)
      o.timeout = std::atof(argv[++a]);
    else
      return usage();
  }
  if (o.clients < 1 || o.seconds <= 0 || o.timeout <= 0) return usage();

  std::vector<std::string> paths;
  std::vector<Statement> statements;
  try {
    if (o.backend == "http")
      paths = read_lines(o.list);
    else if (o.backend == "sphinx" || o.backend == "postgres" || o.backend == "sqlite")
      statements = read_statements(o.list);
    else
      return usage();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "native_client: %s: %s\n", o.list.c_str(), e.what());
    return 1;
  }
  size_t n_items = o.backend == "http" ? paths.size() : statements.size();
  if (n_items == 0) {
    std::fprintf(stderr, "native_client: %s has nothing to send\n", o.list.c_str());
    return 1;
  }
  if (o.backend == "sphinx") mysql_library_init(0, nullptr, nullptr);
  // SQLite keeps memory statistics behind one process-wide mutex by default, which the
  // clients' threads would contend for (one Python process per client does not): off.
  if (o.backend == "sqlite") {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
  }

  std::vector<std::unique_ptr<Tally>> tallies;
  for (int k = 0; k < o.clients; ++k) tallies.push_back(std::make_unique<Tally>());
  std::atomic<bool> go{false};
  std::atomic<int> ready{0}, done{0};
  std::mutex done_m;  // the main thread sleeps on done_cv, not in a polling loop
  std::condition_variable done_cv;
  Clock::time_point deadline = Clock::time_point::max();
  int port = std::atoi(o.target.c_str());

  std::vector<std::thread> threads;
  for (int k = 0; k < o.clients; ++k) {
    size_t first = (static_cast<size_t>(k) * 7919) % n_items;
    Tally& t = *tallies[k];
    threads.emplace_back([&, first, k] {
      (void)k;
      if (o.backend == "http") {
        Http c(port, o.timeout);
        walk(c, paths, first, t, go, deadline, ready);
      } else if (o.backend == "sphinx") {
        mysql_thread_init();
        {
          Sphinx c(port, o.timeout);
          walk(c, statements, first, t, go, deadline, ready);
        }
        mysql_thread_end();
      } else if (o.backend == "postgres") {
        Postgres c(port, o.timeout);
        walk(c, statements, first, t, go, deadline, ready);
      } else {
        SQLite c(o.target, o.timeout);
        walk(c, statements, first, t, go, deadline, ready);
      }
      {
        std::lock_guard<std::mutex> g(done_m);
        done.fetch_add(1);
      }
      done_cv.notify_one();
    });
  }
  // Every client connected before the window opens, or at most 5 s given to them (a client
  // still waiting for its first answer then joins the window late).
  auto setup_until = Clock::now() + std::chrono::seconds(5);
  while (ready.load() < o.clients && Clock::now() < setup_until)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));

  double cpu0 = cpu_seconds();
  auto t0 = Clock::now();
  deadline =
      t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  go.store(true);
  auto hard_stop = deadline + std::chrono::seconds(3);
  {
    std::unique_lock<std::mutex> lock(done_m);
    done_cv.wait_until(lock, hard_stop, [&] { return done.load() == o.clients; });
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  double cpu = cpu_seconds() - cpu0;
  bool all_done = done.load() == o.clients;

  std::vector<double> lat;
  long errors = 0, unfinished = 0;
  std::string last_error;
  for (auto& t : tallies) {
    std::lock_guard<std::mutex> g(t->m);
    lat.insert(lat.end(), t->lat_ms.begin(), t->lat_ms.end());
    errors += t->errors;
    if (!all_done && t->busy) {
      ++unfinished;
      last_error = "a request was still under way 3 s after the window";
    }
    if (!t->last_error.empty()) last_error = t->last_error;
  }
  errors += unfinished;
  std::sort(lat.begin(), lat.end());
  long requests = static_cast<long>(lat.size());
  Json out = {
      {"requests", requests},
      {"seconds", std::round(elapsed * 1000) / 1000},
      {"qps", std::round(static_cast<double>(requests) / o.seconds * 10) / 10},
      {"p50", std::round(pct(lat, 50) * 1000) / 1000},
      {"p95", std::round(pct(lat, 95) * 1000) / 1000},
      {"p99", std::round(pct(lat, 99) * 1000) / 1000},
      {"errors", errors},
      {"clients", o.clients},
      {"client", "bench/native_client " + o.backend},
      {"client_cpu_seconds", std::round(cpu * 1000) / 1000},
      {"client_cpu_ms_per_query",
       requests ? std::round(cpu * 1000 / static_cast<double>(requests) * 1000) / 1000 : 0.0}};
  if (unfinished) out["unfinished"] = unfinished;
  if (errors) out["last_error"] = last_error.substr(0, 200);
  std::printf("%s\n", out.dump().c_str());
  std::fflush(stdout);
  if (!all_done) std::_Exit(0);  // a request still hangs: do not wait for it
  for (auto& th : threads) th.join();
  return 0;
}

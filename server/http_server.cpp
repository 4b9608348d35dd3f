#include "server/http_server.h"

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <xapian.h>

#include "core/clock.h"
#include "core/error.h"
#include "index/database.h"
#include "indexer/newsroom_store.h"
#include "schema/dates.h"
#include "server/accept_backoff.h"
#include "server/article_writer.h"
#include "server/curation_store.h"
#include "server/metrics.h"
#include "server/request_id.h"

namespace dateline {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// How often a worker looks whether --db now resolves to another directory (a symlink swap).
constexpr std::chrono::seconds kIndexCheckInterval{1};
// Longest target written in an access log line; the rest is cut.
constexpr std::size_t kLoggedTargetBytes = 512;
// After an error response the connection is half-closed and what the client still sends is read
// and dropped for up to this long, so the client sees the response rather than a reset.
constexpr std::chrono::milliseconds kDrainTime{1000};

// Quotes a value for a logfmt line: control characters and quotes escaped.
std::string logfmt_quote(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// RFC 9112 6.1: a server that receives a transfer coding it does not understand answers 501.
// Beast frames a request whose last coding is not chunked as having no body, so anything but
// "chunked" alone ("gzip", "gzip, chunked", two Transfer-Encoding fields) is refused rather than
// misread.
bool transfer_coding_supported(const HttpRequest& request) {
  auto [first, last] = request.equal_range(http::field::transfer_encoding);
  if (first == last) return true;
  if (std::next(first) != last) return false;
  std::string_view value = first->value();
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return beast::iequals(value, "chunked");
}

// Admin writes (POST /v1/articles, DELETE /v1/articles/{id}) run on this one thread, not on a
// worker: a write can wait up to write_lock_wait for another process's index lock, and on a
// worker that wait would stall every connection of the worker. ArticleWriter serialises writes
// anyway, so one thread loses nothing. At most kMaxWaitingWrites wait or run; past it, 503.
constexpr std::size_t kMaxWaitingWrites = 16;

struct WriteQueue {
  net::thread_pool thread{1};
  // handle_request wants a service; the write routes never search, but it must be one that
  // this thread may use (Xapian handles are not shared between threads).
  std::unique_ptr<SearchService> service;
  std::atomic<std::size_t> waiting{0};  // posted and not yet answered
};

// 503 with Retry-After: the server is too busy for this request now; the client may try again.
HttpResponse overloaded_response(const HttpRequest& request, const std::string& message) {
  HttpResponse res = make_error_response(http::status::service_unavailable, "overloaded", message,
                                         request.version(), request.keep_alive());
  res.set(http::field::retry_after, "1");
  return res;
}

// Requests queued and running over all workers (ServerOptions has the rules).
struct Admission {
  std::size_t max_inflight = 1;
  std::atomic<std::size_t> queued{0};
  std::atomic<std::size_t> inflight{0};

  // Takes a running slot when one is free.
  bool try_start() {
    std::size_t n = inflight.load();
    while (n < max_inflight) {
      if (inflight.compare_exchange_weak(n, n + 1)) return true;
    }
    return false;
  }
};

// How often a queued request looks again for a running slot (only with max_inflight_searches
// below the thread count).
constexpr std::chrono::milliseconds kInflightRecheck{2};

class Session;

// One thread with its own io_context, its own SearchService (Xapian handles are not thread-safe)
// and its own metrics shard. The session registry is only for shutdown; the mutex guards it
// against a session being destroyed on another thread while the io_context is torn down.
struct Worker {
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  net::io_context ioc{1};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> guard;
  std::unique_ptr<SearchService> service;
  std::filesystem::path service_dir;  // the directory `service` was opened on, symlinks resolved
  Clock::time_point last_check = Clock::now();
  MetricsShard* metrics = nullptr;
  std::atomic<std::size_t>* open_sessions = nullptr;  // over all workers; see Impl::admit
  WriteQueue* writes = nullptr;                       // shared by all workers
  Admission* admission = nullptr;                     // shared by all workers
  bool stopping = false;                              // worker thread only
  std::thread thread;

  // The service to use now. Reopens the index when --db has come to name another directory
  // (reindex-and-swap); on failure keeps serving the old one and says so on stderr.
  SearchService& current_service(const ServerOptions& options) {
    Clock::time_point now = Clock::now();
    if (now - last_check < kIndexCheckInterval) return *service;
    last_check = now;
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::canonical(options.db_path, ec);
    if (ec || dir == service_dir) return *service;
    try {
      // The resolved directory, not the symlink: Xapian opens some tables lazily, by path, and
      // through the link a later swap would hand it another index's files.
      service = std::make_unique<SearchService>(dir.string(), options.service);
      service_dir = dir;
      std::fprintf(stderr, "event=index_switched db=%s dir=%s\n",
                   logfmt_quote(options.db_path).c_str(), logfmt_quote(dir.string()).c_str());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "event=index_switch_failed dir=%s error=%s\n",
                   logfmt_quote(dir.string()).c_str(), logfmt_quote(e.what()).c_str());
    } catch (const Xapian::Error& e) {
      std::fprintf(stderr, "event=index_switch_failed dir=%s error=%s\n",
                   logfmt_quote(dir.string()).c_str(), logfmt_quote(e.get_description()).c_str());
    }
    return *service;
  }

  void remember(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(sessions_mutex);
    sessions.emplace(session.get(), session);
  }
  void forget(Session* session) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(session);
  }
  void shutdown_sessions();
};

// One connection: wait for a request (idle timeout), read it (read timeout), answer, repeat.
// Every step runs on the worker's thread, so the state needs no locking.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Worker& worker, const ServerOptions& options)
      : stream_(std::move(socket)),
        timer_(stream_.get_executor()),
        worker_(worker),
        options_(options) {
    worker_.open_sessions->fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() {
    if (queued_) worker_.admission->queued.fetch_sub(1);
    worker_.forget(this);
    worker_.open_sessions->fetch_sub(1, std::memory_order_relaxed);
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->worker_.remember(self);
      self->closing_ = self->worker_.stopping;
      self->wait_for_request();
    });
  }

  // Shutdown: an idle connection is closed now, a busy one right after its response. A
  // connection whose request has begun to arrive (bytes waiting, not yet read) is in flight, not
  // idle: it is read and answered like a busy one.
  void begin_shutdown() {
    closing_ = true;
    if (state_ == State::kDraining || (state_ == State::kIdle && !request_waiting())) close();
  }

 private:
  enum class State { kIdle, kReading, kBusy, kDraining, kClosed };

  bool request_waiting() {
    beast::error_code ec;
    return buffer_.size() > 0 || (stream_.socket().available(ec) > 0 && !ec);
  }

  void wait_for_request() {
    state_ = State::kIdle;
    if (closing_ && !request_waiting()) return close();
    if (closing_) return read_request();
    if (buffer_.size() > 0) return read_request();  // a pipelined request is already here
    arm_timer(options_.idle_timeout, [this] { close(); });
    stream_.socket().async_wait(tcp::socket::wait_read,
                                [self = shared_from_this()](beast::error_code ec) {
                                  if (ec || self->state_ != State::kIdle) return;
                                  self->read_request();
                                });
  }

  void read_request() {
    state_ = State::kReading;
    timed_out_ = false;
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    arm_timer(options_.read_timeout, [this] {
      timed_out_ = true;
      beast::error_code ec;
      stream_.socket().cancel(ec);
    });
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    disarm_timer();
    if (state_ == State::kClosed) return;
    if (timed_out_) {
      return fail(
          http::status::request_timeout, "request_timeout",
          "request not complete within " + std::to_string(options_.read_timeout.count()) + " ms");
    }
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted) return close();
    if (ec == http::error::body_limit) {
      return fail(
          http::status::payload_too_large, "payload_too_large",
          "request body is larger than " + std::to_string(options_.max_body_bytes) + " bytes");
    }
    if (ec == http::error::header_limit) {
      if (request_line_too_long()) return fail_uri_too_long();
      return fail(http::status::request_header_fields_too_large, "header_too_large",
                  "request line and headers are larger than " +
                      std::to_string(options_.max_header_bytes) + " bytes");
    }
    if (ec && &ec.category() == &http::make_error_code(http::error::bad_target).category()) {
      return fail(http::status::bad_request, "bad_request",
                  "malformed HTTP request: " + ec.message());
    }
    if (ec) return close();  // a transport error (reset): nobody to answer
    if (request_line_too_long()) return fail_uri_too_long();
    if (!transfer_coding_supported(parser_->get())) {
      return fail(http::status::not_implemented, "not_implemented",
                  "Transfer-Encoding '" +
                      std::string(parser_->get()[http::field::transfer_encoding]) +
                      "' is not supported: send chunked alone, or a Content-Length");
    }
    enqueue(parser_->get());
  }

  // Joins the worker's queue: posted, so it runs after the handlers already waiting, and the
  // wait until then is what queue_timeout bounds.
  void enqueue(HttpRequest& request) {
    state_ = State::kBusy;
    // Admin writes have a queue of their own; health checks and scrapes must answer when the
    // server is busiest (the lanes come from the router's route table).
    if (request_lane(request) != RequestLane::kQueued) return respond(request);
    Admission& admission = *worker_.admission;
    if (admission.queued.fetch_add(1) >= options_.max_queued_searches) {
      admission.queued.fetch_sub(1);
      return reject_overloaded(request, "too many requests waiting; try again later");
    }
    queued_ = true;
    read_at_ = Clock::now();
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->start_queued(); });
  }

  void start_queued() {
    HttpRequest& request = parser_->get();
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - read_at_);
    Admission& admission = *worker_.admission;
    if (waited > options_.queue_timeout) {
      leave_queue();
      return reject_overloaded(
          request, "waited " + std::to_string(waited.count()) + " ms for a worker (more than " +
                       std::to_string(options_.queue_timeout.count()) + " ms); try again later");
    }
    if (!admission.try_start()) {
      arm_timer(kInflightRecheck, [this] { start_queued(); });
      return;
    }
    leave_queue();
    respond(request);
    admission.inflight.fetch_sub(1);
  }

  void leave_queue() {
    queued_ = false;
    worker_.admission->queued.fetch_sub(1);
  }

  void reject_overloaded(const HttpRequest& request, const std::string& message) {
    std::string id = choose_request_id(request["X-Request-Id"]);
    finish(overloaded_response(request, message), request, Clock::now(), id);
  }

  void respond(HttpRequest& request) {
    state_ = State::kBusy;
    Clock::time_point start = Clock::now();
    std::string id = choose_request_id(request["X-Request-Id"]);
    request.set("X-Request-Id", id);  // the router logs failures with it
    if (request_lane(request) == RequestLane::kWriter) {
      return respond_from_writer(request, start, std::move(id));
    }
    finish(handle_request(request, worker_.current_service(options_), options_.router), request,
           start, id);
  }

  // Hands the write to the writer thread and goes back to the worker's other connections; the
  // response is posted back to this worker. The work guard keeps the worker's loop running (also
  // through a graceful shutdown) until the answer is in.
  void respond_from_writer(const HttpRequest& request, Clock::time_point start, std::string id) {
    WriteQueue& writes = *worker_.writes;
    if (writes.waiting.fetch_add(1) >= kMaxWaitingWrites) {
      writes.waiting.fetch_sub(1);
      return finish(overloaded_response(request, "too many admin writes waiting; try again later"),
                    request, start, id);
    }
    net::post(writes.thread, [self = shared_from_this(), &request, start, id = std::move(id),
                              work = net::make_work_guard(worker_.ioc)]() mutable {
      WriteQueue& queue = *self->worker_.writes;
      HttpResponse response = handle_request(request, *queue.service, self->options_.router);
      queue.waiting.fetch_sub(1);
      net::post(work.get_executor(), [self, &request, start, id = std::move(id),
                                      response = std::move(response)]() mutable {
        self->finish(std::move(response), request, start, id);
      });
    });
  }

  void finish(HttpResponse response, const HttpRequest& request, Clock::time_point start,
              const std::string& id) {
    response_ = std::move(response);
    response_.set("X-Request-Id", id);
    if (closing_) response_.keep_alive(false);
    account(start, id, request.method_string(), request.target(), request_metrics_route(request));
    do_write();
  }

  // Answers a request that could not be read and closes the connection.
  void fail(http::status status, const std::string& code, const std::string& message) {
    state_ = State::kBusy;
    Clock::time_point start = Clock::now();
    response_ = make_error_response(status, code, message, 11, false);
    std::string id = new_request_id();
    response_.set("X-Request-Id", id);
    bool head = parser_ && parser_->is_header_done();
    std::string_view target = head ? parser_->get().target() : std::string_view();
    account(start, id, head ? parser_->get().method_string() : "-", target,
            head ? request_metrics_route(parser_->get()) : MetricsRoute::kInvalid);
    do_write();
  }

  void fail_uri_too_long() {
    fail(http::status::uri_too_long, "uri_too_long",
         "request line is longer than " + std::to_string(options_.max_request_line_bytes) +
             " bytes");
  }

  // Beast fills in method and target once the request line is parsed. Without a target after
  // a header_limit error, the line alone overran the header limit (which is at least the line
  // limit, see validate_server_options).
  bool request_line_too_long() const {
    const HttpRequest& request = parser_->get();
    if (request.target().empty()) return true;
    // "METHOD SP target SP HTTP/1.1"
    std::size_t line = request.method_string().size() + request.target().size() + 10;
    return line > options_.max_request_line_bytes;
  }

  // Metrics and the access log line for the response in response_.
  void account(Clock::time_point start, const std::string& id, std::string_view method,
               std::string_view target, MetricsRoute route) {
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    worker_.metrics->record(route, response_.result_int(), seconds);
    if (!options_.access_log) return;
    // The reader's address and search words are written only when the operator says so
    // (--access-log-remote, --access-log-query; docs/SECURITY.md).
    std::string remote = "-";
    if (options_.access_log_remote) {
      beast::error_code ec;
      auto endpoint = stream_.socket().remote_endpoint(ec);
      if (!ec) remote = endpoint.address().to_string();
    }
    if (!options_.access_log_query) target = target.substr(0, target.find('?'));
    std::fprintf(
        stderr, "ts=%s request_id=%s remote=%s method=%s target=%s status=%u ms=%.2f bytes=%zu\n",
        format_rfc3339(unix_now()).c_str(), id.c_str(), remote.c_str(), std::string(method).c_str(),
        logfmt_quote(target.substr(0, kLoggedTargetBytes)).c_str(), response_.result_int(),
        seconds * 1000, response_.body().size());
  }

  // A client that stops reading would hold the session forever: the write is timed too.
  void do_write() {
    arm_timer(options_.write_timeout, [this] { close(); });
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    disarm_timer();
    if (ec) return close();
    if (!response_.keep_alive()) return drain_and_close();
    wait_for_request();
  }

  void drain_and_close() {
    if (closing_) return close();
    state_ = State::kDraining;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    arm_timer(kDrainTime, [this] { close(); });
    drain();
  }

  void drain() {
    stream_.socket().async_read_some(
        net::buffer(drain_buffer_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (self->state_ != State::kDraining) return;
          if (ec) return self->close();
          self->drain();
        });
  }

  void close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    disarm_timer();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  // Runs `on_expiry` after `after` unless the timer is re-armed, disarmed or the session closed.
  template <class F>
  void arm_timer(std::chrono::milliseconds after, F on_expiry) {
    unsigned generation = ++timer_generation_;
    timer_.expires_after(after);
    timer_.async_wait([self = shared_from_this(), generation, on_expiry](beast::error_code ec) {
      if (ec || generation != self->timer_generation_ || self->state_ == State::kClosed) return;
      on_expiry();
    });
  }

  void disarm_timer() {
    ++timer_generation_;
    timer_.cancel();
  }

  beast::tcp_stream stream_;
  net::steady_timer timer_;
  unsigned timer_generation_ = 0;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpResponse response_;
  std::array<char, 4096> drain_buffer_;
  State state_ = State::kIdle;
  bool timed_out_ = false;
  bool closing_ = false;
  bool queued_ = false;          // counted in Admission::queued
  Clock::time_point read_at_{};  // when the queued request's last byte was read
  Worker& worker_;
  const ServerOptions& options_;
};

void Worker::shutdown_sessions() {
  stopping = true;
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) session->begin_shutdown();
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  std::unique_ptr<Metrics> metrics;
  std::unique_ptr<ArticleWriter> writer;  // shared by all workers; serialises its own writes
  std::unique_ptr<Analytics> analytics;   // shared by all workers; null when off
  net::io_context accept_ioc{1};
  tcp::acceptor acceptor{accept_ioc};
  net::signal_set signals{accept_ioc, SIGINT, SIGTERM};
  net::steady_timer shutdown_timer{accept_ioc};
  std::vector<std::unique_ptr<Worker>> workers;
  // The --curations file, used on the writer thread only; the timer (accept thread) posts each
  // look there and is re-armed when the look is done.
  std::unique_ptr<CurationFile> curations_file;
  net::steady_timer curations_timer{accept_ioc};
  // After `workers` so it is destroyed first: its thread is joined while the sessions it may
  // still hold can reach their worker.
  WriteQueue writes;
  Admission admission;
  std::size_t next_worker = 0;
  std::size_t workers_done = 0;  // accept thread only
  bool stopping = false;
  std::atomic<std::size_t> open_sessions{0};  // added by Session's constructor, dropped by its end
  AcceptBackoff accept_backoff;               // accept thread only
  net::steady_timer accept_timer{accept_ioc};
  bool refusing = false;  // at max_connections: logged once per burst; accept thread only

  explicit Impl(const ServerOptions& opts) : options(opts) {
    if (!options.router.web_root.empty() && !options.router.static_files) {
      options.router.static_files = load_static_files(options.router.web_root);
    }
    unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
    if (threads == 0) threads = 1;
    admission.max_inflight =
        options.max_inflight_searches ? options.max_inflight_searches : threads;
    metrics = std::make_unique<Metrics>(threads, options.db_path);
    options.router.metrics = metrics.get();
    if (options.service.newsroom_store.empty()) {
      options.service.newsroom_store = default_newsroom_store(options.db_path);
    }
    writer = std::make_unique<ArticleWriter>(options.db_path, options.write_lock_wait,
                                             options.service.newsroom_store);
    options.router.writer = writer.get();
    open_analytics();
    if (!options.curations_path.empty()) {
      curations_file = std::make_unique<CurationFile>(options.curations_path, options.db_path);
      import_curations();
    }
    writes.service = std::make_unique<SearchService>(options.db_path, options.service);
    for (unsigned i = 0; i < threads; ++i) {
      auto worker = std::make_unique<Worker>();
      worker->service =
          std::make_unique<SearchService>(resolved_index_path(options.db_path), options.service);
      std::error_code ec;
      worker->service_dir = std::filesystem::canonical(options.db_path, ec);
      worker->metrics = &metrics->shard(i);
      worker->open_sessions = &open_sessions;
      worker->writes = &writes;
      worker->admission = &admission;
      workers.push_back(std::move(worker));
    }
    beast::error_code ec;
    auto address = net::ip::make_address(options.host, ec);
    if (ec) throw Error(ErrorKind::kInvalidArgument, "bad --host '" + options.host + "'");
    tcp::endpoint endpoint{address, options.port};
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      throw Error(ErrorKind::kUnavailable, "cannot listen on " + options.host + ":" +
                                               std::to_string(options.port) + ": " + ec.message());
    }
  }

  // The analytics store, next to the index unless --analytics-db names it. A store that cannot be
  // opened turns analytics off with a log line: searches matter more than counting them.
  void open_analytics() {
    if (!options.analytics.enabled) return;
    AnalyticsOptions analytics_options = options.analytics;
    if (analytics_options.path.empty()) {
      std::filesystem::path db = options.db_path;
      while (db.has_parent_path() && !db.has_filename()) db = db.parent_path();  // "var/db/"
      analytics_options.path = db.string() + ".analytics.sqlite";
    }
    try {
      analytics = std::make_unique<Analytics>(analytics_options);
      options.router.analytics = analytics.get();
      std::fprintf(stderr, "event=analytics_opened path=%s retention_days=%u\n",
                   logfmt_quote(analytics_options.path).c_str(), analytics_options.retention_days);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "event=analytics_unavailable path=%s error=%s\n",
                   logfmt_quote(analytics_options.path).c_str(), logfmt_quote(e.what()).c_str());
    }
  }

  // Imports the --curations file when it changed; a failure (the index locked by a job, say) is
  // logged and tried again at the next look.
  void import_curations() {
    try {
      curations_file->import_if_changed(*writer);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "event=curations_import_failed error=%s\n",
                   logfmt_quote(e.what()).c_str());
    }
  }

  void watch_curations() {
    if (!curations_file || stopping) return;
    curations_timer.expires_after(options.curations_check_interval);
    curations_timer.async_wait([this](beast::error_code ec) {
      if (ec || stopping) return;
      net::post(writes.thread, [this] {
        import_curations();
        net::post(accept_ioc, [this] { watch_curations(); });
      });
    });
  }

  void do_accept() {
    Worker& worker = *workers[next_worker++ % workers.size()];
    acceptor.async_accept(worker.ioc, [this, &worker](beast::error_code ec, tcp::socket socket) {
      if (!acceptor.is_open()) return;
      if (ec) return retry_accept_later(ec);
      if (std::uint64_t failures = accept_backoff.on_success()) {
        std::fprintf(stderr, "event=accept_recovered failures=%ju\n",
                     static_cast<std::uintmax_t>(failures));
      }
      admit(std::move(socket), worker);
      do_accept();
    });
  }

  // accept() failed (typically EMFILE): the listener is still readable, so accepting again at
  // once would spin. Wait, longer with each failure in a row; one log line per burst.
  void retry_accept_later(const beast::error_code& ec) {
    bool first = accept_backoff.failures() == 0;
    std::chrono::milliseconds delay = accept_backoff.on_failure();
    if (first) {
      std::fprintf(stderr, "event=accept_failed error=%s retry_ms=%lld\n",
                   logfmt_quote(ec.message()).c_str(), static_cast<long long>(delay.count()));
    }
    accept_timer.expires_after(delay);
    accept_timer.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && acceptor.is_open()) do_accept();
    });
  }

  // A session for the connection, or, past max_connections, a fixed 503 and a close. Only this
  // thread adds sessions, so the count cannot pass the limit between the check and the add.
  void admit(tcp::socket socket, Worker& worker) {
    if (open_sessions.load(std::memory_order_relaxed) < options.max_connections) {
      refusing = false;
      std::make_shared<Session>(std::move(socket), worker, options)->start();
      return;
    }
    if (!refusing) {
      std::fprintf(stderr, "event=connections_full max_connections=%zu\n", options.max_connections);
    }
    refusing = true;
    // A new connection's send buffer has room for these bytes: written without waiting, and
    // if they do not fit the client just sees the close.
    static constexpr std::string_view kBusy =
        "HTTP/1.1 503 Service Unavailable\r\nServer: dateline\r\n"
        "Content-Type: application/json; charset=utf-8\r\nRetry-After: 1\r\n"
        "Connection: close\r\nContent-Length: 70\r\n\r\n"
        "{\"error\":{\"code\":\"overloaded\",\"message\":\"too many open connections\"}}\n";
    beast::error_code ec;
    socket.non_blocking(true, ec);
    socket.write_some(net::buffer(kBusy.data(), kBusy.size()), ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
    socket.close(ec);
  }

  // Stops accepting, closes idle connections, lets busy ones finish; after the grace period the
  // workers are stopped whatever is left.
  void begin_shutdown() {
    if (stopping) return;
    stopping = true;
    beast::error_code ec;
    acceptor.close(ec);
    accept_timer.cancel();
    curations_timer.cancel();
    signals.cancel(ec);
    for (auto& worker : workers) {
      net::post(worker->ioc, [w = worker.get()] { w->shutdown_sessions(); });
      worker->guard.reset();
    }
    shutdown_timer.expires_after(options.shutdown_grace);
    shutdown_timer.async_wait([this](beast::error_code wait_ec) {
      if (wait_ec) return;
      std::fprintf(stderr, "event=shutdown_grace_over\n");
      for (auto& worker : workers) worker->ioc.stop();
    });
  }

  // Called on the accept thread as each worker's run() returns.
  void on_worker_done() {
    if (++workers_done == workers.size()) shutdown_timer.cancel();
  }
};

HttpServer::HttpServer(const ServerOptions& options) : impl_(std::make_unique<Impl>(options)) {}

HttpServer::~HttpServer() {
  for (auto& worker : impl_->workers) {
    if (worker->thread.joinable()) {
      worker->ioc.stop();
      worker->thread.join();
    }
  }
}

std::uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::run() {
  for (auto& worker : impl_->workers) {
    worker->guard.emplace(worker->ioc.get_executor());
    worker->thread = std::thread([impl = impl_.get(), w = worker.get()] {
      w->ioc.run();
      net::post(impl->accept_ioc, [impl] { impl->on_worker_done(); });
    });
  }
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) impl_->begin_shutdown();
  });
  impl_->do_accept();
  impl_->watch_curations();
  impl_->accept_ioc.run();
  for (auto& worker : impl_->workers) worker->thread.join();
}

void HttpServer::stop() {
  net::post(impl_->accept_ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace dateline

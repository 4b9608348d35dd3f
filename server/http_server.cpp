#include "server/http_server.h"

#include <cstdio>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/error.h"

namespace dateline {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// How long in-flight requests get to finish after SIGTERM/SIGINT before workers are stopped.
constexpr std::chrono::seconds kShutdownGrace{2};

struct Worker {
  net::io_context ioc{1};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> guard;
  std::unique_ptr<SearchService> service;
  std::thread thread;
};

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

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, SearchService& service, const ServerOptions& options)
      : stream_(std::move(socket)), service_(service), options_(options) {}

  void start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::do_read, shared_from_this()));
  }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    stream_.expires_after(options_.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted) {
      return do_close();
    }
    if (ec) {
      // Malformed or oversized requests get an answer before the connection closes; transport
      // errors (a reset connection) just end the session.
      if (ec == http::error::body_limit) {
        return write_error(
            http::status::payload_too_large, "payload_too_large",
            "request body is larger than " + std::to_string(options_.max_body_bytes) + " bytes");
      }
      if (ec == http::error::header_limit) {
        return write_error(http::status::request_header_fields_too_large, "header_too_large",
                           "request line and headers are larger than " +
                               std::to_string(options_.max_header_bytes) + " bytes");
      }
      if (&ec.category() == &http::make_error_code(http::error::bad_target).category()) {
        return write_error(http::status::bad_request, "bad_request",
                           "malformed HTTP request: " + ec.message());
      }
      return do_close();
    }
    auto start = std::chrono::steady_clock::now();
    const HttpRequest& request = parser_->get();
    response_ = handle_request(request, service_, options_.router);
    if (options_.access_log) {
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      std::fprintf(stderr, "method=%s target=%s status=%u ms=%.2f bytes=%zu\n",
                   std::string(request.method_string()).c_str(),
                   logfmt_quote(request.target()).c_str(), response_.result_int(), ms,
                   response_.body().size());
    }
    do_write();
  }

  void write_error(http::status status, const std::string& code, const std::string& message) {
    response_ = make_error_response(status, code, message, 11, false);
    if (options_.access_log) {
      std::fprintf(stderr, "status=%u error=%s\n", response_.result_int(), code.c_str());
    }
    do_write();
  }

  void do_write() {
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return;
    if (!response_.keep_alive()) return do_close();
    do_read();
  }

  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpResponse response_;
  SearchService& service_;
  const ServerOptions& options_;
};

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  net::io_context accept_ioc{1};
  tcp::acceptor acceptor{accept_ioc};
  net::signal_set signals{accept_ioc, SIGINT, SIGTERM};
  net::steady_timer shutdown_timer{accept_ioc};
  std::vector<std::unique_ptr<Worker>> workers;
  std::size_t next_worker = 0;
  bool stopping = false;

  explicit Impl(const ServerOptions& opts) : options(opts) {
    unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
    if (threads == 0) threads = 1;
    for (unsigned i = 0; i < threads; ++i) {
      auto worker = std::make_unique<Worker>();
      worker->service = std::make_unique<SearchService>(options.db_path);
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

  void do_accept() {
    Worker& worker = *workers[next_worker++ % workers.size()];
    acceptor.async_accept(worker.ioc, [this, &worker](beast::error_code ec, tcp::socket socket) {
      if (!ec) {
        std::make_shared<Session>(std::move(socket), *worker.service, options)->start();
      }
      if (acceptor.is_open()) do_accept();
    });
  }

  void begin_shutdown() {
    if (stopping) return;
    stopping = true;
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    for (auto& worker : workers) worker->guard.reset();
    shutdown_timer.expires_after(kShutdownGrace);
    shutdown_timer.async_wait([this](beast::error_code) {
      for (auto& worker : workers) worker->ioc.stop();
    });
  }
};

HttpServer::HttpServer(const ServerOptions& options) : impl_(std::make_unique<Impl>(options)) {}

HttpServer::~HttpServer() {
  stop();
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
    worker->thread = std::thread([w = worker.get()] { w->ioc.run(); });
  }
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) impl_->begin_shutdown();
  });
  impl_->do_accept();
  impl_->accept_ioc.run();
  for (auto& worker : impl_->workers) worker->thread.join();
}

void HttpServer::stop() {
  net::post(impl_->accept_ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace dateline

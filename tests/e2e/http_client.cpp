#include "tests/e2e/http_client.h"

#include <array>
#include <chrono>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <poll.h>

namespace dateline::e2e {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::chrono::seconds kTimeLimit{5};

HttpResult read_response_from(beast::tcp_stream& stream, beast::flat_buffer& buffer) {
  http::response<http::string_body> res;
  stream.expires_after(kTimeLimit);
  http::read(stream, buffer, res);
  HttpResult out;
  out.status = res.result_int();
  out.body = res.body();
  for (const auto& field : res) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  return out;
}

beast::tcp_stream connect(net::io_context& ioc, unsigned short port) {
  beast::tcp_stream stream(ioc);
  stream.expires_after(kTimeLimit);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  return stream;
}

}  // namespace

std::string HttpResult::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return value;
  }
  return "";
}

HttpResult http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body) {
  net::io_context ioc;
  beast::tcp_stream stream = connect(ioc, port);
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.body() = body;
  req.prepare_payload();
  stream.expires_after(kTimeLimit);
  http::write(stream, req);
  beast::flat_buffer buffer;
  return read_response_from(stream, buffer);
}

HttpResult http_raw(unsigned short port, const std::string& raw) {
  net::io_context ioc;
  beast::tcp_stream stream = connect(ioc, port);
  stream.expires_after(kTimeLimit);
  net::write(stream, net::buffer(raw));
  beast::flat_buffer buffer;
  return read_response_from(stream, buffer);
}

struct RawConnection::Impl {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
};

RawConnection::RawConnection(unsigned short port) : impl_(std::make_unique<Impl>()) {
  impl_->stream.expires_after(kTimeLimit);
  impl_->stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
}

RawConnection::~RawConnection() = default;

void RawConnection::send(const std::string& bytes) {
  impl_->stream.expires_after(kTimeLimit);
  net::write(impl_->stream, net::buffer(bytes));
}

HttpResult RawConnection::read_response() {
  return read_response_from(impl_->stream, impl_->buffer);
}

bool RawConnection::has_response() const {
  if (impl_->buffer.size() > 0) return true;
  pollfd fd{impl_->stream.socket().native_handle(), POLLIN, 0};
  return ::poll(&fd, 1, 0) == 1 && (fd.revents & POLLIN) != 0;
}

bool RawConnection::closed_within(std::chrono::milliseconds limit) {
  // Bounded in time by the stream's expiry and in count by the bytes a test can have asked for.
  std::array<char, 65536> chunk;
  beast::error_code ec;
  impl_->stream.expires_after(limit);
  for (int reads = 0; reads < 100'000 && !ec; ++reads) {
    impl_->stream.read_some(net::buffer(chunk), ec);
  }
  return ec && ec != beast::error::timeout;
}

std::string url_encode(const std::string& value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace dateline::e2e

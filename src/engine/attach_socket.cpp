// The attach socket: frames out, raw input in (protocol in the header).
#include "engine/attach_socket.hpp"

#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"

namespace berth::engine {
namespace {

sockaddr_un address(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) throw Error(fmt::format("attach socket path too long: {}", path));
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}

bool read_exact(int fd, char* buf, size_t n) {
  while (n > 0) {
    ssize_t got = ::read(fd, buf, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    buf += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

}  // namespace

AttachServer::AttachServer(std::string path) : path_(std::move(path)) {
  mkdir_all(path_.substr(0, path_.rfind('/')), 0700);
  ::unlink(path_.c_str());
  listen_ = UniqueFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!listen_) throw Error::last_errno("socket");
  sockaddr_un addr = address(path_);
  if (::bind(listen_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw Error::last_errno("bind", path_);
  ::chmod(path_.c_str(), 0600);
  if (::listen(listen_.get(), 8) != 0) throw Error::last_errno("listen", path_);
}

AttachServer::~AttachServer() { ::unlink(path_.c_str()); }

void AttachServer::accept_client() {
  int fd = ::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC);
  if (fd >= 0) clients_.emplace_back(fd);
}

void AttachServer::broadcast(char stream, std::string_view data) {
  std::string frame(1, stream);
  uint32_t n = static_cast<uint32_t>(data.size());
  for (int i = 0; i < 4; ++i) frame += static_cast<char>((n >> (8 * i)) & 0xff);
  frame.append(data);
  std::vector<int> gone;
  for (const auto& c : clients_) {
    // MSG_NOSIGNAL: a client that left must not kill the monitor with SIGPIPE.
    if (::send(c.get(), frame.data(), frame.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(frame.size()))
      gone.push_back(c.get());
  }
  for (int fd : gone) drop(fd);
}

std::vector<int> AttachServer::client_fds() const {
  std::vector<int> fds;
  for (const auto& c : clients_) {
    if (std::find(input_done_.begin(), input_done_.end(), c.get()) == input_done_.end()) fds.push_back(c.get());
  }
  return fds;
}

void AttachServer::input_done(int fd) { input_done_.push_back(fd); }

void AttachServer::drop(int fd) {
  std::erase(input_done_, fd);
  std::erase_if(clients_, [fd](const UniqueFd& c) { return c.get() == fd; });
}

void attach_to(const std::string& path, bool forward_stdin) {
  ::signal(SIGPIPE, SIG_IGN);  // a monitor that has gone shows as an error, not a dead CLI
  UniqueFd sock(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!sock) throw Error::last_errno("socket");
  sockaddr_un addr = address(path);
  if (::connect(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw Error::last_errno("connect", path);
  bool stdin_open = forward_stdin;
  char buf[16384];
  for (;;) {
    pollfd fds[2] = {{sock.get(), POLLIN, 0}, {0, POLLIN, 0}};
    if (::poll(fds, stdin_open ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      throw Error::last_errno("poll");
    }
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      char header[5];
      if (!read_exact(sock.get(), header, sizeof header)) return;  // the container is gone
      uint32_t n = 0;
      for (int i = 0; i < 4; ++i) n |= static_cast<uint32_t>(static_cast<unsigned char>(header[1 + i])) << (8 * i);
      std::string data(n, '\0');
      if (!read_exact(sock.get(), data.data(), n)) return;
      write_all(header[0] == '2' ? 2 : 1, data);
    }
    if (stdin_open && (fds[1].revents & (POLLIN | POLLHUP))) {
      ssize_t got = ::read(0, buf, sizeof buf);
      if (got <= 0) {
        stdin_open = false;
        ::shutdown(sock.get(), SHUT_WR);  // the container sees EOF on its stdin
      } else {
        write_all(sock.get(), std::string_view(buf, static_cast<size_t>(got)));
      }
    }
  }
}

}  // namespace berth::engine

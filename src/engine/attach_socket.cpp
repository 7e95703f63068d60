// The monitor's side of the attach socket (protocol in the header).
#include "engine/attach_socket.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "engine/attach_address.hpp"

namespace berth::engine {

void AttachServer::listen(std::string path) {
  path_ = std::move(path);
  mkdir_all(path_.substr(0, path_.rfind('/')), 0700);
  ::unlink(path_.c_str());
  listen_ = UniqueFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!listen_) throw Error::last_errno("socket");
  sockaddr_un addr = attach_address(path_);
  if (::bind(listen_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw Error::last_errno("bind", path_);
  ::chmod(path_.c_str(), 0600);
  if (::listen(listen_.get(), 8) != 0) throw Error::last_errno("listen", path_);
}

AttachServer::~AttachServer() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

void AttachServer::accept_client() {
  int fd = ::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC);
  if (fd >= 0) add_client(UniqueFd(fd));
}

void AttachServer::add_client(UniqueFd fd) { clients_.push_back({std::move(fd), {}}); }

void AttachServer::broadcast(char kind, std::string_view payload) {
  std::string bytes = frame::encode(kind, payload);
  std::vector<int> gone;
  for (const auto& c : clients_) {
    // MSG_NOSIGNAL: a client that left must not kill the monitor with SIGPIPE.
    if (::send(c.fd.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(bytes.size()))
      gone.push_back(c.fd.get());
  }
  for (int fd : gone) drop(fd);
}

std::vector<int> AttachServer::client_fds() const {
  std::vector<int> fds;
  for (const auto& c : clients_) fds.push_back(c.fd.get());
  return fds;
}

std::vector<frame::Frame> AttachServer::receive(int fd) {
  auto it = std::find_if(clients_.begin(), clients_.end(), [fd](const Client& c) { return c.fd.get() == fd; });
  if (it == clients_.end()) return {};  // dropped earlier in this round
  char buf[16384];
  ssize_t got = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  if (got < 0 && (errno == EINTR || errno == EAGAIN)) return {};
  if (got <= 0) {
    drop(fd);
    return {};
  }
  it->reader.append(std::string_view(buf, static_cast<size_t>(got)));
  std::vector<frame::Frame> frames;
  while (auto f = it->reader.next()) frames.push_back(std::move(*f));
  if (it->reader.broken()) drop(fd);
  return frames;
}

void AttachServer::drop(int fd) {
  std::erase_if(clients_, [fd](const Client& c) { return c.fd.get() == fd; });
}

}  // namespace berth::engine

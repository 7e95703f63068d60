// The parent <-> container-init sync protocol (diagram in sync_channel.hpp).
#include "runtime/sync_channel.hpp"

#include <sys/socket.h>

#include <cstring>

#include <fmt/core.h>

namespace berth::runtime {

std::pair<SyncChannel, SyncChannel> SyncChannel::make_pair() {
  int fds[2];
  check(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), "socketpair", "sync");
  return {SyncChannel(UniqueFd(fds[0])), SyncChannel(UniqueFd(fds[1]))};
}

void SyncChannel::send(MessageType type) const {
  auto byte = static_cast<unsigned char>(type);
  while (::send(fd_.get(), &byte, 1, MSG_NOSIGNAL) < 0) {
    if (errno != EINTR) throw Error::last_errno("send", "sync socket");
  }
}

void SyncChannel::send_error(const Error& error) const {
  std::string buf(1 + sizeof(int), '\0');
  buf[0] = static_cast<char>(MessageType::kError);
  int err = error.err();
  std::memcpy(buf.data() + 1, &err, sizeof err);
  buf += error.what();
  if (buf.size() > 8192) buf.resize(8192);
  // Best effort: if the parent is gone there is nobody left to tell.
  ssize_t ignored = ::send(fd_.get(), buf.data(), buf.size(), MSG_NOSIGNAL);
  (void)ignored;
}

std::optional<Message> SyncChannel::receive() const {
  char buf[8192];
  ssize_t n;
  do {
    n = ::recv(fd_.get(), buf, sizeof buf, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) throw Error::last_errno("recv", "sync socket");
  if (n == 0) return std::nullopt;
  Message m{static_cast<MessageType>(buf[0]), 0, {}};
  if (m.type == MessageType::kError && n >= static_cast<ssize_t>(1 + sizeof(int))) {
    std::memcpy(&m.err, buf + 1, sizeof(int));
    m.text.assign(buf + 1 + sizeof(int), static_cast<size_t>(n) - 1 - sizeof(int));
  }
  return m;
}

void SyncChannel::expect(MessageType type) const {
  auto m = receive();
  if (!m) throw Error("container init exited during setup");
  if (m->type == MessageType::kError) {
    Error e(m->text);
    throw e;
  }
  if (m->type != type)
    throw Error(fmt::format("sync protocol: expected message {}, got {}", static_cast<int>(type),
                            static_cast<int>(m->type)));
}

}  // namespace berth::runtime

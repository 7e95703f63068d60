// The parent <-> container-init sync protocol (diagram in sync_channel.hpp).
#include "runtime/sync_channel.hpp"

#include <sys/socket.h>

#include <cstring>

#include <fmt/core.h>

#include "base/unix_socket.hpp"

namespace berth::runtime {

std::pair<SyncChannel, SyncChannel> SyncChannel::make_pair() {
  int fds[2];
  check(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), "socketpair", "sync");
  return {SyncChannel(UniqueFd(fds[0])), SyncChannel(UniqueFd(fds[1]))};
}

void SyncChannel::send(MessageType type) const { send(type, {}, {}); }

void SyncChannel::send(MessageType type, std::string_view text, std::span<const int> fds) const {
  std::string buf(1, static_cast<char>(type));
  buf += text;
  if (send_with_fds(fd_.get(), buf, fds) < 0 && errno != EPIPE && errno != ECONNRESET)
    throw Error::last_errno("send", "sync socket");
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
  std::string buf;
  std::vector<UniqueFd> fds;
  ssize_t n = receive_with_fds(fd_.get(), buf, fds, 8192);
  // A peer that exits with a message of ours unread leaves ECONNRESET pending on this socket,
  // reported before the messages it sent first (its error, say): the error is consumed by that
  // recv, and the next one reads them.
  if (n < 0 && errno == ECONNRESET) n = receive_with_fds(fd_.get(), buf, fds, 8192);
  if (n < 0) throw Error::last_errno("recv", "sync socket");
  if (buf.empty()) return std::nullopt;
  Message m{static_cast<MessageType>(buf[0]), 0, {}, std::move(fds)};
  if (m.type == MessageType::kError && buf.size() >= 1 + sizeof(int)) {
    std::memcpy(&m.err, buf.data() + 1, sizeof(int));
    m.text = buf.substr(1 + sizeof(int));
  } else if (m.type == MessageType::kCgroupReady) {
    m.text = buf.substr(1);
  }
  return m;
}

Message SyncChannel::expect(MessageType type) const {
  auto m = receive();
  if (!m) throw Error("container init exited during setup");
  if (m->type == MessageType::kError) {
    Error e(m->text);
    throw e;
  }
  if (m->type != type)
    throw Error(fmt::format("sync protocol: expected message {}, got {}", static_cast<int>(type),
                            static_cast<int>(m->type)));
  return std::move(*m);
}

}  // namespace berth::runtime

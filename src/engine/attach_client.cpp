// berth attach's loop: frames from the monitor to our stdout/stderr; stdin, signals and window
// size from us to the monitor; the detach keys end it.
#include "engine/attach_client.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "engine/attach_address.hpp"
#include "engine/attach_frames.hpp"
#include "engine/detach_keys.hpp"
#include "runtime/terminal_mode.hpp"

namespace berth::engine {
namespace {

constexpr int kProxied[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

// The signals we take through a signalfd instead of their default action, blocked for the
// life of the object.
class SignalWatch {
 public:
  explicit SignalWatch(const AttachOptions& o) {
    sigemptyset(&set_);
    if (o.proxy_signals)
      for (int s : kProxied) sigaddset(&set_, s);
    if (o.tty) sigaddset(&set_, SIGWINCH);
    ::sigprocmask(SIG_BLOCK, &set_, &saved_);
    fd_ = UniqueFd(::signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!fd_) throw Error::last_errno("signalfd");
  }
  ~SignalWatch() { ::sigprocmask(SIG_SETMASK, &saved_, nullptr); }
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;
  int fd() const { return fd_.get(); }

 private:
  sigset_t set_{}, saved_{};
  UniqueFd fd_;
};

// Writes to the monitor; once it is gone we stop sending and wait for the socket's EOF.
class Sender {
 public:
  explicit Sender(int fd) : fd_(fd) {}
  void send(const std::string& bytes) {
    if (broken_) return;
    try {
      write_all(fd_, bytes);
    } catch (const Error&) {
      broken_ = true;
    }
  }

 private:
  int fd_;
  bool broken_ = false;
};

void send_window_size(Sender& to) {
  if (auto size = runtime::own_window_size()) to.send(frame::encode_resize(size->first, size->second));
}

// Copies the frames that arrived to our stdout/stderr; false once the monitor closed.
bool take_output(int sock, frame::Reader& reader, AttachOutcome& outcome) {
  char buf[16384];
  ssize_t got = ::read(sock, buf, sizeof buf);
  if (got < 0 && errno == EINTR) return true;
  if (got <= 0) return false;
  reader.append(std::string_view(buf, static_cast<size_t>(got)));
  while (auto f = reader.next()) {
    if (f->kind == frame::kStdout || f->kind == frame::kStderr) {
      write_all(f->kind == frame::kStderr ? 2 : 1, f->payload);
    } else if (f->kind == frame::kExit) {
      if (auto code = frame::decode_u32(f->payload)) outcome.exit_code = static_cast<int>(*code);
    }
  }
  return !reader.broken();
}

}  // namespace

UniqueFd connect_attach_socket(const std::string& path) {
  UniqueFd sock(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!sock) throw Error::last_errno("socket");
  sockaddr_un addr = attach_address(path);
  if (::connect(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw Error::last_errno("connect", path);
  return sock;
}

AttachOutcome attach_streams(UniqueFd sock, const AttachOptions& o) {
  ::signal(SIGPIPE, SIG_IGN);  // a monitor that has gone shows as EOF, not a dead CLI
  SignalWatch signals(o);
  std::optional<runtime::RawTerminal> raw;
  if (o.tty && o.forward_stdin) raw.emplace();  // keys reach the container as bytes, ^C too
  DetachKeyMatcher detach(o.tty && o.forward_stdin ? o.detach_keys : "");
  Sender to_monitor(sock.get());
  if (o.tty) send_window_size(to_monitor);
  frame::Reader reader;
  AttachOutcome outcome;
  bool stdin_open = o.forward_stdin;
  char buf[16384];
  for (;;) {
    pollfd fds[3] = {{sock.get(), POLLIN, 0}, {signals.fd(), POLLIN, 0}, {stdin_open ? 0 : -1, POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      throw Error::last_errno("poll");
    }
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) && !take_output(sock.get(), reader, outcome)) return outcome;
    if (fds[1].revents & POLLIN) {
      signalfd_siginfo si;
      while (::read(signals.fd(), &si, sizeof si) == sizeof si) {
        if (si.ssi_signo == SIGWINCH) send_window_size(to_monitor);
        else to_monitor.send(frame::encode_u32(frame::kSignal, si.ssi_signo));
      }
    }
    if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t got = ::read(0, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        stdin_open = false;
        to_monitor.send(frame::encode(frame::kStdinEnd, ""));
        continue;
      }
      auto typed = detach.feed(std::string_view(buf, static_cast<size_t>(got)));
      if (!typed.forward.empty()) to_monitor.send(frame::encode(frame::kStdin, typed.forward));
      if (typed.detached) {
        outcome.detached = true;
        return outcome;  // closing the socket tells the monitor; the container's stdin stays open
      }
    }
  }
}

}  // namespace berth::engine

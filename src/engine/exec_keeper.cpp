// The exec keeper's loop (protocol in exec_keeper.hpp and attach_socket.hpp).
#include "engine/exec_keeper.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <vector>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "engine/attach_frames.hpp"
#include "engine/attach_socket.hpp"
#include "engine/start_failure.hpp"

namespace berth::engine {
namespace {

// The terminal's output so far to the attached CLI, if any. False once the terminal is closed.
bool forward_output(int pty, AttachServer& server) {
  char buf[16384];
  ssize_t n = ::read(pty, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) return false;  // EIO: every slave fd is closed
  server.broadcast(frame::kStdout, std::string_view(buf, static_cast<size_t>(n)));
  return true;
}

void handle(const frame::Frame& f, int pty, pid_t pid) {
  if (f.kind == frame::kStdin) {
    try {
      write_all(pty, f.payload);
    } catch (const Error&) {
      // the process closed its terminal: input has nowhere to go
    }
  } else if (f.kind == frame::kResize) {
    if (auto size = frame::decode_resize(f.payload)) {
      winsize ws{};
      ws.ws_row = size->first;
      ws.ws_col = size->second;
      ::ioctl(pty, TIOCSWINSZ, &ws);
    }
  } else if (f.kind == frame::kSignal) {
    if (auto sig = frame::decode_u32(f.payload)) ::kill(pid, static_cast<int>(*sig));
  }
  // kStdinEnd: a terminal has no end of input to pass on (docker sends nothing either).
}

int exit_code_of(int status) { return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status); }

}  // namespace

int keep_exec(UniqueFd cli, const std::function<ExecTerminal()>& start) {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  ::sigprocmask(SIG_BLOCK, &chld, nullptr);  // before the child exists: its exit is not missed
  UniqueFd sfd(::signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK));
  AttachServer server;
  server.add_client(std::move(cli));
  ExecTerminal t;
  try {
    if (!sfd) throw Error::last_errno("signalfd");
    t = start();
  } catch (const Error& e) {
    int code = start_failure_code(e);
    server.broadcast(frame::kExecFailed, frame::u32(static_cast<uint32_t>(code)) + e.what());
    return code;
  }
  server.broadcast(frame::kExecStarted, {});
  bool pty_open = true;
  for (;;) {
    int status = 0;
    if (::waitpid(t.pid, &status, WNOHANG) == t.pid) {
      // What the process wrote last, then its exit code.
      ::fcntl(t.pty.get(), F_SETFL, ::fcntl(t.pty.get(), F_GETFL) | O_NONBLOCK);
      while (pty_open) {
        pollfd p{t.pty.get(), POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0) break;
        pty_open = forward_output(t.pty.get(), server);
      }
      int code = exit_code_of(status);
      server.broadcast(frame::kExit, frame::u32(static_cast<uint32_t>(code)));
      return code;
    }
    std::vector<pollfd> fds{{sfd.get(), POLLIN, 0}, {pty_open ? t.pty.get() : -1, POLLIN, 0}};
    for (int fd : server.client_fds()) fds.push_back({fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw Error::last_errno("poll", "exec keeper");
    }
    if (fds[0].revents & POLLIN) {
      signalfd_siginfo si;
      while (::read(sfd.get(), &si, sizeof si) == sizeof si) {
      }
    }
    if (pty_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) pty_open = forward_output(t.pty.get(), server);
    for (size_t i = 2; i < fds.size(); ++i) {
      if (!fds[i].revents) continue;
      for (const auto& f : server.receive(fds[i].fd)) handle(f, t.pty.get(), t.pid);
    }
  }
}

KeeperStart read_keeper_start(int socket) {
  frame::Reader reader;
  for (;;) {
    if (auto f = reader.next()) {
      KeeperStart s;
      if (f->kind == frame::kExecStarted) {
        s.started = true;
      } else {
        auto code = frame::decode_u32(std::string_view(f->payload).substr(0, 4));
        s.exit_code = code ? static_cast<int>(*code) : static_cast<int>(ExitCode::kEngine);
        s.message = f->payload.size() > 4 ? f->payload.substr(4) : "exec failed";
      }
      return s;
    }
    if (reader.broken()) break;
    // One byte at a time: what follows the first frame is the attach stream's.
    char c;
    ssize_t n = ::recv(socket, &c, 1, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    reader.append(std::string_view(&c, 1));
  }
  return KeeperStart{false, static_cast<int>(ExitCode::kEngine), "exec: the process keeping its terminal died"};
}

}  // namespace berth::engine

// Foreground supervision: a signalfd loop that forwards signals and proxies the pty.
#include "runtime/foreground.hpp"

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <optional>

#include "base/error.hpp"
#include "runtime/terminal_mode.hpp"

namespace berth::runtime {
namespace {

constexpr int kForwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD};

sigset_t forwarded_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : kForwarded) sigaddset(&set, s);
  return set;
}


// Copies what is readable on `from` to `to`; false at EOF or error.
bool pump(int from, int to) {
  char buf[16384];
  ssize_t n = ::read(from, buf, sizeof buf);
  if (n <= 0) return false;
  for (ssize_t off = 0; off < n;) {
    ssize_t w = ::write(to, buf + off, static_cast<size_t>(n - off));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    off += w;
  }
  return true;
}

void drain(int pty) {
  pollfd p{pty, POLLIN, 0};
  while (::poll(&p, 1, 0) > 0 && (p.revents & POLLIN) && pump(pty, 1)) {
  }
}

}  // namespace

void block_forwarded_signals() {
  sigset_t set = forwarded_set();
  ::sigprocmask(SIG_BLOCK, &set, nullptr);
}

int supervise(pid_t pid, UniqueFd pty) {
  sigset_t set = forwarded_set();
  UniqueFd sfd(::signalfd(-1, &set, SFD_CLOEXEC));
  if (!sfd) throw Error::last_errno("signalfd");
  std::optional<RawTerminal> raw;
  bool stdin_open = pty.valid();
  if (pty) {
    raw.emplace();
    copy_window_size(pty.get());
  }
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      if (pty) drain(pty.get());
      return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    }
    pollfd fds[3] = {{sfd.get(), POLLIN, 0}, {pty.get(), POLLIN, 0}, {stdin_open ? 0 : -1, POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      throw Error::last_errno("poll");
    }
    if (fds[0].revents & POLLIN) {
      signalfd_siginfo si;
      if (::read(sfd.get(), &si, sizeof si) == sizeof si) {
        int sig = static_cast<int>(si.ssi_signo);
        if (sig == SIGWINCH && pty) copy_window_size(pty.get());
        else if (sig != SIGCHLD && sig != SIGWINCH) ::kill(pid, sig);
      }
    }
    if (pty && (fds[1].revents & (POLLIN | POLLHUP))) {
      if (!pump(pty.get(), 1)) pty.reset();  // the container closed its terminal
    }
    if (stdin_open && (fds[2].revents & (POLLIN | POLLHUP))) {
      if (!pty || !pump(0, pty.get())) stdin_open = false;
    }
  }
}

}  // namespace berth::runtime

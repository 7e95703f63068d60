// pidfd-based signalling: open the pidfd, then check the start time, then signal through it.
#include "runtime/ops/signal_process.hpp"

#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "runtime/process_info.hpp"

namespace berth::runtime {
namespace {

// Once the pidfd is open it pins that process; checking the start time afterwards proves the
// pidfd is for the process we created and not for a later one that got the same pid.
UniqueFd open_pidfd(pid_t pid, uint64_t start_time) {
  UniqueFd fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!fd) return fd;
  if (!is_same_live_process(pid, start_time)) fd.reset();
  return fd;
}

}  // namespace

bool signal_process(pid_t pid, uint64_t start_time, int signal) {
  UniqueFd fd = open_pidfd(pid, start_time);
  if (!fd) return false;
  if (::syscall(SYS_pidfd_send_signal, fd.get(), signal, nullptr, 0) != 0) {
    if (errno == ESRCH) return false;
    throw Error::last_errno("signal", std::to_string(pid));
  }
  return true;
}

bool wait_process_gone(pid_t pid, uint64_t start_time, int timeout_ms) {
  UniqueFd fd = open_pidfd(pid, start_time);
  if (!fd) return true;
  pollfd p{fd.get(), POLLIN, 0};
  int r;
  do {
    r = ::poll(&p, 1, timeout_ms);
  } while (r < 0 && errno == EINTR);
  // Our own child (run, or create in the same process) would linger as a zombie: reap it.
  if (r > 0) ::waitpid(pid, nullptr, WNOHANG);
  return r > 0 || !is_same_live_process(pid, start_time);
}

}  // namespace berth::runtime

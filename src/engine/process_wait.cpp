// pidfd-based waiting.
#include "engine/process_wait.hpp"

#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <thread>

#include "base/unique_fd.hpp"
#include "runtime/process_info.hpp"

namespace berth::engine {

bool wait_process_gone(pid_t pid, uint64_t start_time, std::chrono::milliseconds timeout) {
  if (pid <= 0) return true;
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  // The pidfd names whatever holds `pid` now: check it is still the process we mean.
  if (!pidfd || (start_time != 0 && !runtime::is_same_live_process(pid, start_time))) return true;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int wait_ms = -1;
    if (timeout.count() >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      wait_ms = static_cast<int>(std::min<long long>(left.count(), 100));
    } else {
      wait_ms = 100;
    }
    pollfd p{pidfd.get(), POLLIN, 0};
    if (::poll(&p, 1, wait_ms) > 0) return true;  // readable: the process exited
    // A zombie nobody reaps (the init's parent died) also counts as gone.
    char state = runtime::process_state(pid);
    if (state == 0 || state == 'Z' || state == 'X') return true;
  }
}

}  // namespace berth::engine

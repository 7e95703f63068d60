// Writing to a pipe whose reader may already be gone, without dying of SIGPIPE.
#pragma once

#include <signal.h>

namespace berth {

// While alive, SIGPIPE is blocked for the calling thread, so a write to a pipe nobody reads
// fails with EPIPE instead of killing the process; on destruction a SIGPIPE such a write left
// pending is taken (it would otherwise be delivered once unblocked) and the mask restored.
class SigpipeGuard {
 public:
  SigpipeGuard();
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t previous_;
  bool was_blocked_ = false;
};

}  // namespace berth

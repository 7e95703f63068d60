#include "base/sigpipe_guard.hpp"

#include <pthread.h>

#include <ctime>

namespace berth {
namespace {

sigset_t only_sigpipe() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  return set;
}

}  // namespace

SigpipeGuard::SigpipeGuard() {
  sigset_t set = only_sigpipe();
  pthread_sigmask(SIG_BLOCK, &set, &previous_);
  was_blocked_ = sigismember(&previous_, SIGPIPE) == 1;
}

SigpipeGuard::~SigpipeGuard() {
  if (was_blocked_) return;  // the caller's own blocked SIGPIPE is left to the caller
  sigset_t set = only_sigpipe();
  const timespec no_wait{0, 0};
  while (sigtimedwait(&set, nullptr, &no_wait) == SIGPIPE) {
  }
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

}  // namespace berth

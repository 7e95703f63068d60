#include "base/sigpipe_guard.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace berth {
namespace {

bool sigpipe_blocked() {
  sigset_t now;
  pthread_sigmask(SIG_BLOCK, nullptr, &now);
  return sigismember(&now, SIGPIPE) == 1;
}

bool sigpipe_pending() {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, SIGPIPE) == 1;
}

// Without the guard this write would kill the test binary (SIGPIPE's default action).
TEST(SigpipeGuard, AWriteToAPipeWithoutReaderFailsWithEpipeAndLeavesNothingPending) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  ASSERT_FALSE(sigpipe_blocked());
  {
    SigpipeGuard guard;
    EXPECT_TRUE(sigpipe_blocked());
    errno = 0;
    EXPECT_EQ(write(fds[1], "x", 1), -1);
    EXPECT_EQ(errno, EPIPE);
    EXPECT_TRUE(sigpipe_pending());
  }
  EXPECT_FALSE(sigpipe_blocked());
  EXPECT_FALSE(sigpipe_pending());
  close(fds[1]);
}

TEST(SigpipeGuard, LeavesACallersOwnBlockAndPendingSignalAlone) {
  sigset_t set, before;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, &before);
  raise(SIGPIPE);
  { SigpipeGuard guard; }
  EXPECT_TRUE(sigpipe_blocked());
  EXPECT_TRUE(sigpipe_pending());
  const timespec no_wait{0, 0};
  EXPECT_EQ(sigtimedwait(&set, nullptr, &no_wait), SIGPIPE);
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

}  // namespace
}  // namespace berth

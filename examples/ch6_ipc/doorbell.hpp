// How a ring's waiting side sleeps and is woken: a futex in the ring (posix-shm), a SysV
// semaphore set (sysv-shm), or never (spin-floor, which only busy-polls).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include "ring.hpp"

namespace ch6_ipc {

enum class SleepResult {
  kWoken,     // a wake-up arrived (for a futex, possibly a stray one: re-check)
  kTimedOut,  // the timeout passed or a signal interrupted the sleep; no wake-up was taken
  kGone,      // the object was removed: the peer has gone
};

class Doorbell {
 public:
  virtual ~Doorbell() = default;
  // False for a doorbell that never sleeps: its waiters poll.
  virtual bool sleeps() const { return true; }
  // Sleeps until wake(side), at most `timeout` (none: no limit). A futex sleeps only while `seq`
  // still holds `seen`, so a wake-up that came after the waiter read `seen` is never lost.
  virtual SleepResult sleep(Side side, std::atomic<std::uint32_t>& seq, std::uint32_t seen,
                            std::optional<std::chrono::nanoseconds> timeout) = 0;
  virtual void wake(Side side, std::atomic<std::uint32_t>& seq) = 0;
  // A waiter that called off its sleep after a waker had committed to wake it takes that
  // wake-up back here, so a counting doorbell (a semaphore) stays balanced.
  virtual void absorb(Side) {}
};

// FUTEX_WAIT/FUTEX_WAKE on the Sleeper's seq word. Shared futexes (not FUTEX_PRIVATE_FLAG): the
// kernel keys them by the page's backing object, so two processes mapping the ring meet.
std::unique_ptr<Doorbell> make_futex_doorbell();

// A SysV semaphore set with one semaphore per Side (index = Side), counted with semop.
std::unique_ptr<Doorbell> make_sysv_sem_doorbell(int semid);

// Never sleeps; a ring with it is the busy-polling floor.
std::unique_ptr<Doorbell> make_spin_doorbell();

}  // namespace ch6_ipc

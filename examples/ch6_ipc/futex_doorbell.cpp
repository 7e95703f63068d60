// The futex doorbell: waiters sleep on the ring's Sleeper::seq word in shared memory.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include "doorbell.hpp"

namespace ch6_ipc {
namespace {

long futex(std::atomic<std::uint32_t>& word, int op, std::uint32_t value, const timespec* timeout) {
  return ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), op, value, timeout, nullptr,
                   0);
}

class FutexDoorbell final : public Doorbell {
 public:
  SleepResult sleep(Side, std::atomic<std::uint32_t>& seq, std::uint32_t seen,
                    std::optional<std::chrono::nanoseconds> timeout) override {
    timespec ts{};
    if (timeout) {
      ts.tv_sec = static_cast<time_t>(timeout->count() / 1'000'000'000);
      ts.tv_nsec = static_cast<long>(timeout->count() % 1'000'000'000);
    }
    if (futex(seq, FUTEX_WAIT, seen, timeout ? &ts : nullptr) == 0) return SleepResult::kWoken;
    // EAGAIN: seq moved on before we slept, i.e. a wake-up came already.
    return errno == EAGAIN ? SleepResult::kWoken : SleepResult::kTimedOut;
  }

  void wake(Side, std::atomic<std::uint32_t>& seq) override { futex(seq, FUTEX_WAKE, 1, nullptr); }
};

}  // namespace

std::unique_ptr<Doorbell> make_futex_doorbell() { return std::make_unique<FutexDoorbell>(); }

}  // namespace ch6_ipc

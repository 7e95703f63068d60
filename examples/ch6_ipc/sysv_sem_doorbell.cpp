// The SysV semaphore doorbell: one semaphore per ring side; a wake-up is a post (+1), a sleep
// takes one (-1). Counting, so a wake-up posted for a sleep that was called off is absorbed.
#include <sys/sem.h>
#include <time.h>

#include <cerrno>

#include "doorbell.hpp"

namespace ch6_ipc {
namespace {

// A waker posts right after it claims the sleeper's flag; this long is only ever reached when
// the waker died in between.
constexpr std::chrono::seconds kAbsorbLimit{1};

timespec to_timespec(std::chrono::nanoseconds d) {
  return {static_cast<time_t>(d.count() / 1'000'000'000),
          static_cast<long>(d.count() % 1'000'000'000)};
}

class SysvSemDoorbell final : public Doorbell {
 public:
  explicit SysvSemDoorbell(int semid) : semid_(semid) {}

  SleepResult sleep(Side side, std::atomic<std::uint32_t>&, std::uint32_t,
                    std::optional<std::chrono::nanoseconds> timeout) override {
    sembuf take{static_cast<unsigned short>(side), -1, 0};
    timespec ts{};
    if (timeout) ts = to_timespec(*timeout);
    if (::semtimedop(semid_, &take, 1, timeout ? &ts : nullptr) == 0) return SleepResult::kWoken;
    // EIDRM: removed while we slept; EINVAL: removed before.
    if (errno == EIDRM || errno == EINVAL) return SleepResult::kGone;
    return SleepResult::kTimedOut;  // EAGAIN (timeout) or EINTR
  }

  void wake(Side side, std::atomic<std::uint32_t>&) override {
    sembuf post{static_cast<unsigned short>(side), 1, 0};
    // Fails only when the set is gone, and then nobody is left to wake.
    (void)::semop(semid_, &post, 1);
  }

  void absorb(Side side) override {
    sembuf take{static_cast<unsigned short>(side), -1, 0};
    timespec ts = to_timespec(kAbsorbLimit);
    while (::semtimedop(semid_, &take, 1, &ts) != 0 && errno == EINTR) {
    }
  }

 private:
  int semid_;
};

}  // namespace

std::unique_ptr<Doorbell> make_sysv_sem_doorbell(int semid) {
  return std::make_unique<SysvSemDoorbell>(semid);
}

}  // namespace ch6_ipc

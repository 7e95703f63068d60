// The spin doorbell never sleeps: a ring with it busy-polls, the floor the others are measured
// against (and a core burnt while idle, which is why only the benchmark uses it).
#include "doorbell.hpp"

namespace ch6_ipc {
namespace {

class SpinDoorbell final : public Doorbell {
 public:
  bool sleeps() const override { return false; }
  SleepResult sleep(Side, std::atomic<std::uint32_t>&, std::uint32_t,
                    std::optional<std::chrono::nanoseconds>) override {
    return SleepResult::kTimedOut;
  }
  void wake(Side, std::atomic<std::uint32_t>&) override {}
};

}  // namespace

std::unique_ptr<Doorbell> make_spin_doorbell() { return std::make_unique<SpinDoorbell>(); }

}  // namespace ch6_ipc

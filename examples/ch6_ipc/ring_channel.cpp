// RingChannel: sends and receives through a Ring, spinning briefly and then sleeping on the
// Doorbell while the ring is full (sender) or empty (receiver).
//
// The sleep/wake handshake, for the receiver waiting on an empty ring (the sender waiting for
// space is the mirror image, with tail for head):
//
//   waiter (receiver)                            waker (sender)
//   poll has_data() for up to `spin`
//   seen = seq
//   sleeping = 1; fence(seq_cst)                 head = h + 1; fence(seq_cst)
//   has_data()? -> withdraw, done                if sleeping && exchange(sleeping, 0) == 1:
//   doorbell.sleep(seq, seen)  <----------------     seq += 1; doorbell.wake()
//
// The two fences make it impossible for both sides to miss each other's store: either the
// waiter sees the new head, or the waker sees sleeping == 1 and rings. The waker rings only
// when someone sleeps, so a busy stream costs no system call. A futex sleeps only while seq
// == seen, so a wake-up between the two is not lost; a semaphore counts, so a waiter that
// withdraws after a waker claimed the flag absorbs the post that is on its way.
#include "ring_channel.hpp"

#include <chrono>
#include <optional>

#include "stop.hpp"
#include "sys.hpp"

namespace ch6_ipc {
namespace {

class RingChannel final : public Channel {
 public:
  RingChannel(RingMemory& memory, std::unique_ptr<Doorbell> doorbell, const ChannelConfig& config,
              std::function<void()> on_close)
      : ring_(memory),
        doorbell_(std::move(doorbell)),
        stoppable_(config.stoppable),
        spin_(config.spin),
        on_close_(std::move(on_close)) {}
  RingChannel(const RingChannel&) = delete;
  RingChannel& operator=(const RingChannel&) = delete;
  ~RingChannel() override {
    if (on_close_) on_close_();
  }

  Result<void> send(std::string_view message) override {
    if (message.size() > kMaxMessage) return error(EMSGSIZE, "send");
    if (auto waited = wait_for(Side::kProducer, [this] { return ring_.has_space(); }); !waited) {
      return std::unexpected(waited.error().context("send"));
    }
    ring_.push(message);
    notify(Side::kConsumer);
    return {};
  }

  Result<std::size_t> receive(std::span<char> buffer) override {
    if (auto waited = wait_for(Side::kConsumer, [this] { return ring_.has_data(); }); !waited) {
      return std::unexpected(waited.error().context("receive"));
    }
    std::size_t size = ring_.pop(buffer);
    notify(Side::kProducer);
    return size;
  }

  Result<std::size_t> pending() override { return ring_.pending(); }

 private:
  template <typename Ready>
  Result<void> wait_for(Side side, Ready ready) {
    if (ready()) return {};
    if (!doorbell_->sleeps()) return spin_forever(ready);
    if (spin_for(ready)) return {};
    Sleeper& sleeper = ring_.sleeper(side);
    std::optional<std::chrono::nanoseconds> timeout;
    if (stoppable_) timeout = kStopPoll;
    while (!ready()) {
      if (stoppable_ && stop_requested()) return error(EINTR, "wait");
      std::uint32_t seen = sleeper.seq.load(std::memory_order_acquire);
      sleeper.sleeping.store(1, std::memory_order_seq_cst);
      std::atomic_thread_fence(std::memory_order_seq_cst);
      if (ready()) {
        withdraw(side);
        return {};
      }
      switch (doorbell_->sleep(side, sleeper.seq, seen, timeout)) {
        case SleepResult::kWoken:
          break;
        case SleepResult::kTimedOut:
          withdraw(side);
          break;
        case SleepResult::kGone:
          return error(EIDRM, "wait");
      }
    }
    return {};
  }

  // Polls for at most spin_; true once ready.
  template <typename Ready>
  bool spin_for(Ready& ready) {
    if (spin_.count() <= 0) return false;
    auto end = std::chrono::steady_clock::now() + spin_;
    for (unsigned i = 1;; ++i) {
      cpu_relax();
      if (ready()) return true;
      if (i % 64 == 0 && std::chrono::steady_clock::now() >= end) return false;
    }
  }

  template <typename Ready>
  Result<void> spin_forever(Ready& ready) {
    for (unsigned i = 1; !ready(); ++i) {
      cpu_relax();
      if (stoppable_ && i % (1u << 16) == 0 && stop_requested()) return error(EINTR, "wait");
    }
    return {};
  }

  // Calls off a sleep. If a waker claimed the flag first, its wake-up is on the way: take it.
  void withdraw(Side side) {
    if (ring_.sleeper(side).sleeping.exchange(0, std::memory_order_acq_rel) == 0) {
      doorbell_->absorb(side);
    }
  }

  void notify(Side side) {
    if (!doorbell_->sleeps()) return;
    std::atomic_thread_fence(std::memory_order_seq_cst);
    Sleeper& sleeper = ring_.sleeper(side);
    if (sleeper.sleeping.load(std::memory_order_relaxed) != 0 &&
        sleeper.sleeping.exchange(0, std::memory_order_acq_rel) != 0) {
      sleeper.seq.fetch_add(1, std::memory_order_release);
      doorbell_->wake(side, sleeper.seq);
    }
  }

  Ring ring_;
  std::unique_ptr<Doorbell> doorbell_;
  bool stoppable_;
  std::chrono::nanoseconds spin_;
  std::function<void()> on_close_;
};

}  // namespace

std::unique_ptr<Channel> make_ring_channel(RingMemory& memory, std::unique_ptr<Doorbell> doorbell,
                                           const ChannelConfig& config,
                                           std::function<void()> on_close) {
  return std::make_unique<RingChannel>(memory, std::move(doorbell), config, std::move(on_close));
}

}  // namespace ch6_ipc

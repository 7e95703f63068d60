// The spin-floor's round trip: one /dev/shm page holding two counters on separate cache lines.
// The client stores n in `ping`; the server, polling, sees it and stores n in `pong`; the
// client, polling, sees that. No payload, no system call, no sleep: what is left is moving two
// cache lines between cores, the floor under every transport's round trip.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "error.hpp"
#include "ring.hpp"

namespace ch6_ipc {

struct SpinPage {
  alignas(kCacheLine) std::atomic<std::uint32_t> magic{0};
  alignas(kCacheLine) std::atomic<std::uint64_t> ping{0};
  alignas(kCacheLine) std::atomic<std::uint64_t> pong{0};
};

// The client stores this in `ping` when it is done.
inline constexpr std::uint64_t kSpinQuit = UINT64_MAX;

// The mapped page; the creator also removes the file when this goes.
class SpinPageMapping {
 public:
  static Result<std::unique_ptr<SpinPageMapping>> create();
  static Result<std::unique_ptr<SpinPageMapping>> open();
  SpinPageMapping(const SpinPageMapping&) = delete;
  SpinPageMapping& operator=(const SpinPageMapping&) = delete;
  ~SpinPageMapping();

  SpinPage& page() { return *page_; }

 private:
  SpinPageMapping(SpinPage* page, bool owner) : page_(page), owner_(owner) {}

  SpinPage* page_;
  bool owner_;
};

// Client: one round trip with sequence number `n` (> the previous one).
void spin_round_trip(SpinPage& page, std::uint64_t n);

// Server: answers round trips until the client quits (true) or a stop is requested (false).
bool spin_serve(SpinPage& page);

}  // namespace ch6_ipc

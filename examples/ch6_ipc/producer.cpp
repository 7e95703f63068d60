// ipc -producer: creates the channel, sends a random byte as two hex digits per interval and
// prints it; with --count, sends "done" after N and exits once the consumer has taken every
// message. SIGTERM/SIGINT stop it; either way the channel's object is removed on the way out.
#include <fmt/core.h>
#include <sys/random.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "roles.hpp"
#include "stop.hpp"
#include "transport.hpp"

namespace ch6_ipc {
namespace {

using Clock = std::chrono::steady_clock;

// How often the producer looks whether the consumer has drained the channel.
constexpr timespec kDrainPoll{0, 5'000'000};

std::uint32_t random_seed() {
  std::uint32_t seed = 0;
  if (getrandom(&seed, sizeof seed, 0) != sizeof seed) {
    seed = static_cast<std::uint32_t>(Clock::now().time_since_epoch().count());
  }
  return seed;
}

// Sleeps until `deadline` in slices of kStopPoll; false when asked to stop.
bool sleep_until(Clock::time_point deadline) {
  while (!stop_requested()) {
    auto now = Clock::now();
    if (now >= deadline) return true;
    auto wake = std::min(deadline, now + kStopPoll).time_since_epoch();
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(wake);
    timespec at{static_cast<time_t>(seconds.count()),
                static_cast<long>(std::chrono::nanoseconds(wake - seconds).count())};
    // steady_clock is CLOCK_MONOTONIC. EINTR: a signal; the loop looks at the stop flag.
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr);
  }
  return false;
}

// Waits until the consumer has received everything sent (or a stop is requested).
void wait_until_drained(Channel& channel) {
  while (!stop_requested()) {
    auto pending = channel.pending();
    if (!pending || *pending == 0) return;
    nanosleep(&kDrainPoll, nullptr);
  }
}

// A send that failed: a requested stop is a normal end (0), anything else is reported (1).
int failed(const Error& error) {
  if (is_stop(error)) return 0;
  fmt::print(stderr, "ipc: producer: {}\n", error.render());
  return 1;
}

}  // namespace

int run_producer(const Options& options) {
  install_stop_handlers();
  auto channel = create_channel({.kind = options.transport,
                                 .id = ChannelId::kDemo,
                                 .direction = Direction::kSend,
                                 .stoppable = true,
                                 .spin = options.spin});
  if (!channel) return failed(channel.error());
  std::mt19937 random(random_seed());
  auto next = Clock::now();
  for (std::uint64_t i = 0; !options.count || i < *options.count; ++i) {
    if (i > 0 && !sleep_until(next += options.interval)) return 0;
    std::string hex = fmt::format("{:02x}", random() & 0xffu);
    if (auto sent = (*channel)->send(hex); !sent) return failed(sent.error());
    fmt::print("Produced: {}\n", hex);
    std::fflush(stdout);
  }
  if (auto sent = (*channel)->send(kDoneMessage); !sent) return failed(sent.error());
  wait_until_drained(**channel);
  return 0;
}

}  // namespace ch6_ipc

// ipc -consumer: opens the producer's channel (never creates it) and prints each message until
// "done". If the channel cannot be opened, from another IPC namespace for instance, it says
// so in the book's words and exits 1.
#include <fmt/core.h>

#include <array>
#include <cstdio>

#include "roles.hpp"
#include "transport.hpp"

namespace ch6_ipc {

int run_consumer(const Options& options) {
  auto channel = open_channel({.kind = options.transport,
                               .id = ChannelId::kDemo,
                               .direction = Direction::kReceive,
                               .stoppable = false,
                               .spin = options.spin});
  if (!channel) {
    fmt::print("{}\n", kCannotOpen);
    std::fflush(stdout);
    if (options.verbose) fmt::print(stderr, "ipc: consumer: {}\n", channel.error().render());
    return 1;
  }
  std::array<char, kMaxMessage> buffer;
  while (true) {
    auto size = (*channel)->receive(buffer);
    if (!size) {
      // EIDRM: a SysV producer was stopped and removed its objects while we waited.
      fmt::print(stderr, "ipc: consumer: {}\n", size.error().render());
      return 1;
    }
    std::string_view message(buffer.data(), *size);
    if (message == kDoneMessage) return 0;
    fmt::print("Consumed: {}\n", message);
    std::fflush(stdout);
  }
}

}  // namespace ch6_ipc

// The benchmark's messages between --bench-ping (client) and --bench-pong (server).
//
//   client -> server (channel "ping")       server -> client (channel "pong")
//   'P' n filler    ping                    the same bytes back
//   'S' n filler    streamed, not answered
//   'E' n           end of stream           'E' count of 'S' received since the last 'E'
//   'Q'             quit                    (the server removes its objects and exits)
//
// A message is the tag byte, n as 8 bytes in host order, then filler up to the requested size.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ch6_ipc {

enum class BenchTag : char { kPing = 'P', kStream = 'S', kEnd = 'E', kQuit = 'Q' };

inline constexpr std::size_t kBenchHeader = 1 + sizeof(std::uint64_t);

inline std::string bench_message(BenchTag tag, std::uint64_t n, std::size_t size = kBenchHeader) {
  std::string message(std::max(size, kBenchHeader), 'x');
  message[0] = static_cast<char>(tag);
  std::memcpy(message.data() + 1, &n, sizeof n);
  return message;
}

inline BenchTag bench_tag(std::string_view message) {
  return message.empty() ? BenchTag::kQuit : static_cast<BenchTag>(message[0]);
}

inline std::uint64_t bench_value(std::string_view message) {
  std::uint64_t n = 0;
  if (message.size() >= kBenchHeader) std::memcpy(&n, message.data() + 1, sizeof n);
  return n;
}

}  // namespace ch6_ipc

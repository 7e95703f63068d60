// The command line, parsed into a plain Options value (main.cpp then runs the role).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "transport.hpp"

namespace ch6_ipc {

enum class Role { kProducer, kConsumer, kBenchPing, kBenchPong };

struct Options {
  Role role = Role::kProducer;
  TransportKind transport = TransportKind::kMqueue;
  std::chrono::nanoseconds interval{std::chrono::seconds(1)};
  std::optional<std::uint64_t> count;  // producer: then send "done" and exit
  std::uint64_t messages = 20000;      // bench-ping: timed round trips
  std::uint64_t stream = 200000;       // bench-ping: messages streamed one way
  std::size_t size = 64;               // bench-ping: bytes per message
  std::chrono::nanoseconds spin{std::chrono::microseconds(50)};
  bool verbose = false;
};

// Not a run: the text to print (help, or a usage error) and the exit status (0 or 2).
struct ParseExit {
  int status = 0;
  std::string text;
};

// `args` without the program name. Long options may be written with one dash as the book does
// ("-producer", "-interval=1s"), as Go's flag package accepts.
std::expected<Options, ParseExit> parse_options(const std::vector<std::string>& args);

}  // namespace ch6_ipc

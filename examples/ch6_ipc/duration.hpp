// Parses durations the way the book's Go tools write them: "1s", "100ms", "500us", "1m30s", "0".
#pragma once

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace ch6_ipc {

// Units ns, us (or µs), ms, s, m, h; decimal fractions ("1.5s"); several terms ("1m30s").
// A bare number is refused unless it is 0, as Go's time.ParseDuration does.
std::expected<std::chrono::nanoseconds, std::string> parse_duration(std::string_view text);

}  // namespace ch6_ipc

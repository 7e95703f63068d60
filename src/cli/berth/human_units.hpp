// How docker shows sizes and times: "4.26MB", "About a minute ago", "2024-01-02 15:04:05 +0000
// UTC".
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace berth::cli {

// Decimal units with 3 significant digits (go-units HumanSizeWithPrecision(n, 3)): 999B, 1.23kB;
// docker's VirtualSize uses go-units HumanSize, 4 digits: 1.982MB.
std::string human_size(uint64_t bytes, int significant_digits = 3);
// Binary units with 4 significant digits (go-units BytesSize): 1.5MiB, 23.43GiB, as docker stats
// shows memory.
std::string bytes_size(uint64_t bytes);
// go-units HumanDuration: "Less than a second", "About a minute", "3 hours", "2 weeks"...
std::string human_duration(int64_t seconds);
// "<duration> ago" for a time in the past; "N/A" when `when` is unknown.
std::string time_ago(std::optional<time_t> when);
// RFC 3339 ("2024-01-02T15:04:05.123Z", "...+02:00") to seconds since the epoch.
std::optional<time_t> parse_rfc3339(std::string_view text);
// Go's time.Time.String() in local time, as docker's CreatedAt shows it.
std::string go_time_string(time_t when);

}  // namespace berth::cli

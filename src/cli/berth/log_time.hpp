// --since/--until: an RFC 3339 time, a Unix timestamp, or a duration before now ("42m", "10s").
#pragma once

#include <string>

namespace berth::cli {

// The bound as an RFC 3339 UTC string comparable with log entries' times; "" when empty.
// Throws (exit 1) naming the flag when the value is none of the three forms.
std::string log_time_bound(const std::string& value, const std::string& flag);

}  // namespace berth::cli

// --since/--until: an RFC 3339 time, a Unix timestamp (with a fraction if wanted), or a Go
// duration before now ("42m", "1h30m", "1.5s").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth::cli {

// The bound as an RFC 3339 UTC string comparable with log entries' times; "" when empty.
// Throws (exit 1) with docker's message, naming the flag, when the value is none of the forms.
std::string log_time_bound(const std::string& value, const std::string& flag);

// The same forms as an RFC 3339 UTC bound, or nullopt for anything else (the caller words the
// error: prune's filters say it without a flag name).
std::optional<std::string> time_bound(const std::string& value);

// Go's time.ParseDuration in seconds: "300ms", "-1.5h", "2h45m"; nullopt for anything else.
std::optional<double> parse_go_duration(std::string_view text);

}  // namespace berth::cli

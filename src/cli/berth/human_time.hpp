// Docker's human-readable durations and timestamps ("About a minute", "2 hours ago").
#pragma once

#include <chrono>
#include <string>

namespace berth::cli {

// go-units HumanDuration: "Less than a second", "5 seconds", "About a minute", "3 hours"…
std::string human_duration(std::chrono::seconds d);
// Seconds since the epoch of an RFC 3339 UTC timestamp ("2026-11-27T03:41:07.123Z"); 0 if bad.
long long parse_rfc3339(const std::string& timestamp);
// human_duration(now - timestamp).
std::string since(const std::string& timestamp);

}  // namespace berth::cli

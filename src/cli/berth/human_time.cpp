// Durations the way docker prints them.
#include "cli/berth/human_time.hpp"

#include <ctime>

#include <fmt/core.h>

namespace berth::cli {

std::string human_duration(std::chrono::seconds d) {
  long long s = d.count();
  if (s < 1) return "Less than a second";
  if (s == 1) return "1 second";
  if (s < 60) return fmt::format("{} seconds", s);
  long long m = s / 60;
  if (m == 1) return "About a minute";
  if (m < 60) return fmt::format("{} minutes", m);
  long long h = (s + 1800) / 3600;
  if (h == 1) return "About an hour";
  if (h < 48) return fmt::format("{} hours", h);
  if (h < 24 * 7 * 2) return fmt::format("{} days", h / 24);
  if (h < 24 * 30 * 2) return fmt::format("{} weeks", h / 24 / 7);
  if (h < 24 * 365 * 2) return fmt::format("{} months", h / 24 / 30);
  return fmt::format("{} years", h / 24 / 365);
}

long long parse_rfc3339(const std::string& timestamp) {
  std::tm tm{};
  if (!strptime(timestamp.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
  return static_cast<long long>(timegm(&tm));
}

std::string since(const std::string& timestamp) {
  long long then = parse_rfc3339(timestamp);
  long long now = static_cast<long long>(std::time(nullptr));
  return human_duration(std::chrono::seconds(now > then ? now - then : 0));
}

}  // namespace berth::cli

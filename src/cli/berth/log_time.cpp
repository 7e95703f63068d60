// Time bounds for logs, read as docker reads them (its timetypes.GetTimestamp).
#include "cli/berth/log_time.hpp"

#include <cmath>
#include <ctime>
#include <optional>
#include <string_view>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "cli/berth/human_units.hpp"

namespace berth::cli {
namespace {

std::string format_utc(double seconds) {
  double whole = std::floor(seconds);
  std::time_t t = static_cast<std::time_t>(whole);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  auto nanos = static_cast<long long>(std::llround((seconds - whole) * 1e9));
  if (nanos >= 1'000'000'000) nanos = 999'999'999;
  return fmt::format("{}.{:09}Z", buf, nanos);
}

// A run of digits with an optional fraction at the front of `s`, consumed; nullopt if none.
std::optional<double> leading_decimal(std::string_view& s) {
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  size_t digits = i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  if (i == 0 || (digits == 0 && i == 1)) return std::nullopt;
  double value = std::stod(std::string(s.substr(0, i)));
  s.remove_prefix(i);
  return value;
}

}  // namespace

std::optional<double> parse_go_duration(std::string_view s) {
  double sign = 1;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    if (s[0] == '-') sign = -1;
    s.remove_prefix(1);
  }
  if (s == "0") return 0.0;
  if (s.empty()) return std::nullopt;
  double total = 0;
  while (!s.empty()) {
    auto amount = leading_decimal(s);
    if (!amount) return std::nullopt;
    size_t unit_len = 0;
    while (unit_len < s.size() && !(s[unit_len] >= '0' && s[unit_len] <= '9') && s[unit_len] != '.') ++unit_len;
    std::string_view unit = s.substr(0, unit_len);
    s.remove_prefix(unit_len);
    double scale;
    if (unit == "ns") scale = 1e-9;
    else if (unit == "us" || unit == "\u00b5s" || unit == "\u03bcs") scale = 1e-6;
    else if (unit == "ms") scale = 1e-3;
    else if (unit == "s") scale = 1;
    else if (unit == "m") scale = 60;
    else if (unit == "h") scale = 3600;
    else return std::nullopt;  // no unit, or one Go does not know
    total += *amount * scale;
  }
  return sign * total;
}

std::optional<std::string> time_bound(const std::string& value) {
  if (value.find('T') != std::string::npos && parse_rfc3339(value)) return value;
  // A Unix time, with a fraction if wanted ("1700000000.5").
  std::string_view rest = value;
  if (auto seconds = leading_decimal(rest); seconds && rest.empty()) return format_utc(*seconds);
  if (auto ago = parse_go_duration(value); ago && value != "0")
    return format_utc(static_cast<double>(std::time(nullptr)) - *ago);
  return std::nullopt;
}

std::string log_time_bound(const std::string& value, const std::string& flag) {
  if (value.empty()) return "";
  if (auto bound = time_bound(value)) return *bound;
  std::string name = flag.starts_with("--") ? flag.substr(2) : flag;
  throw Error(fmt::format("invalid value for \"{}\": failed to parse value as time or duration: \"{}\"", name, value));
}

}  // namespace berth::cli

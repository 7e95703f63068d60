// Time bounds for logs.
#include "cli/berth/log_time.hpp"

#include <ctime>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "cli/berth/human_units.hpp"

namespace berth::cli {
namespace {

std::string format_utc(long long seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return std::string(buf) + ".000000000Z";
}

}  // namespace

std::string log_time_bound(const std::string& value, const std::string& flag) {
  if (value.empty()) return "";
  if (value.find('T') != std::string::npos && parse_rfc3339(value)) return value;
  if (auto unix_seconds = parse_int(value)) return format_utc(*unix_seconds);
  long long unit = 0;
  switch (value.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
  }
  auto amount = parse_int(std::string_view(value).substr(0, value.size() - 1));
  if (unit == 0 || !amount) throw Error(fmt::format("invalid value for \"{}\": {}", flag, value));
  return format_utc(static_cast<long long>(std::time(nullptr)) - *amount * unit);
}

}  // namespace berth::cli

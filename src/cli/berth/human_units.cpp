// docker's human-readable sizes and durations (github.com/docker/go-units), and time parsing.
#include "cli/berth/human_units.hpp"

#include <fmt/core.h>

#include "base/strings.hpp"

namespace berth::cli {

namespace {

// go-units' CustomSize: `bytes` divided by `base` until below it, printed with %.Ng and the unit.
std::string custom_size(uint64_t bytes, double base, const char* const (&units)[9], int significant_digits) {
  double size = static_cast<double>(bytes);
  size_t unit = 0;
  while (size >= base && unit + 1 < std::size(units)) {
    size /= base;
    ++unit;
  }
  return fmt::format("{:.{}g}{}", size, significant_digits, units[unit]);
}

constexpr const char* kDecimalUnits[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
constexpr const char* kBinaryUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

}  // namespace

std::string human_size(uint64_t bytes, int significant_digits) {
  return custom_size(bytes, 1000.0, kDecimalUnits, significant_digits);
}

std::string bytes_size(uint64_t bytes) { return custom_size(bytes, 1024.0, kBinaryUnits, 4); }

std::string human_duration(int64_t seconds) {
  if (seconds < 1) return "Less than a second";
  if (seconds == 1) return "1 second";
  if (seconds < 60) return fmt::format("{} seconds", seconds);
  int64_t minutes = seconds / 60;
  if (minutes == 1) return "About a minute";
  if (minutes < 60) return fmt::format("{} minutes", minutes);
  auto hours = static_cast<int64_t>(static_cast<double>(seconds) / 3600.0 +
                                    0.5);  // Go: int(d.Hours() + 0.5)
  if (hours == 1) return "About an hour";
  if (hours < 48) return fmt::format("{} hours", hours);
  if (hours < 24 * 7 * 2) return fmt::format("{} days", hours / 24);
  if (hours < 24 * 30 * 2) return fmt::format("{} weeks", hours / 24 / 7);
  if (hours < 24 * 365 * 2) return fmt::format("{} months", hours / 24 / 30);
  return fmt::format("{} years", seconds / 3600 / 24 / 365);
}

std::string time_ago(std::optional<time_t> when) {
  if (!when) return "N/A";
  return human_duration(static_cast<int64_t>(::time(nullptr) - *when)) + " ago";
}

std::optional<time_t> parse_rfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS, then optional fraction, then Z or ±HH:MM.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  auto num = [&](size_t at, size_t len) { return parse_int(text.substr(at, len)); };
  auto year = num(0, 4), month = num(5, 2), day = num(8, 2), hour = num(11, 2), minute = num(14, 2),
       second = num(17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  }
  long offset = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
    auto oh = num(at + 1, 2), om = num(at + 4, 2);
    if (!oh || !om) return std::nullopt;
    offset = (text[at] == '+' ? 1 : -1) * (*oh * 3600 + *om * 60);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  tm t{};
  t.tm_year = static_cast<int>(*year - 1900);
  t.tm_mon = static_cast<int>(*month - 1);
  t.tm_mday = static_cast<int>(*day);
  t.tm_hour = static_cast<int>(*hour);
  t.tm_min = static_cast<int>(*minute);
  t.tm_sec = static_cast<int>(*second);
  return ::timegm(&t) - offset;
}

std::string go_time_string(time_t when) {
  tm t{};
  ::localtime_r(&when, &t);
  char buf[64];
  ::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z %Z", &t);
  return buf;
}


}  // namespace berth::cli

// Wall-clock timestamps: RFC 3339, UTC, nanoseconds.
#include "base/clock.hpp"

#include <chrono>

#include <fmt/core.h>

namespace berth {

// Calendar arithmetic rather than gmtime_r: glibc's gmtime_r loads the time zone (opens and reads
// /etc/localtime) the first time it runs, and every create is a first time.
std::string now_rfc3339() {
  using namespace std::chrono;
  const auto now = floor<nanoseconds>(system_clock::now());
  const auto day = floor<days>(now);
  const year_month_day date{day};
  const hh_mm_ss time{now - day};
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:09d}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                     time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

}  // namespace berth

// Wall-clock timestamps: RFC 3339, UTC, nanoseconds.
#include "base/clock.hpp"

#include <ctime>

#include <fmt/core.h>

namespace berth {

std::string now_rfc3339() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  tm t;
  gmtime_r(&ts.tv_sec, &t);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &t);
  return fmt::format("{}.{:09d}Z", buf, ts.tv_nsec);
}

}  // namespace berth

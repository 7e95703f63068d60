// now_rfc3339: RFC 3339 in UTC with nanoseconds, the same civil time gmtime_r gives.
#include <gtest/gtest.h>

#include <ctime>
#include <string>

#include "base/clock.hpp"

namespace berth {
namespace {

bool all_digits(const std::string& s, size_t from, size_t count) {
  for (size_t i = from; i < from + count; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

TEST(Clock, NowIsRfc3339InUtcWithNanoseconds) {
  std::string s = now_rfc3339();
  ASSERT_EQ(s.size(), 30u) << s;  // 2026-11-27T21:40:00.123456789Z
  EXPECT_TRUE(all_digits(s, 0, 4) && all_digits(s, 5, 2) && all_digits(s, 8, 2)) << s;
  EXPECT_TRUE(all_digits(s, 11, 2) && all_digits(s, 14, 2) && all_digits(s, 17, 2)) << s;
  EXPECT_TRUE(all_digits(s, 20, 9)) << s;
  EXPECT_EQ(s[4], '-');
  EXPECT_EQ(s[7], '-');
  EXPECT_EQ(s[10], 'T');
  EXPECT_EQ(s[13], ':');
  EXPECT_EQ(s[16], ':');
  EXPECT_EQ(s[19], '.');
  EXPECT_EQ(s[29], 'Z');
}

TEST(Clock, NowAgreesWithGmtimeToTheSecond) {
  // Retried when a second boundary falls between the two readings.
  for (int attempt = 0; attempt < 5; ++attempt) {
    timespec before, after;
    ::clock_gettime(CLOCK_REALTIME, &before);
    std::string s = now_rfc3339();
    ::clock_gettime(CLOCK_REALTIME, &after);
    if (before.tv_sec != after.tv_sec) continue;
    tm t;
    ::gmtime_r(&before.tv_sec, &t);
    char expected[32];
    ::strftime(expected, sizeof expected, "%Y-%m-%dT%H:%M:%S", &t);
    EXPECT_EQ(s.substr(0, 19), expected);
    return;
  }
  FAIL() << "the clock crossed a second boundary five times in a row";
}

}  // namespace
}  // namespace berth

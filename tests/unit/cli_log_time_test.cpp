// logs --since/--until: the forms docker reads, and its message for the rest.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "cli/berth/log_time.hpp"

namespace berth::cli {
namespace {

TEST(GoDuration, ReadsWhatGoReads) {
  EXPECT_DOUBLE_EQ(*parse_go_duration("42m"), 2520);
  EXPECT_DOUBLE_EQ(*parse_go_duration("1h30m"), 5400);
  EXPECT_DOUBLE_EQ(*parse_go_duration("1.5s"), 1.5);
  EXPECT_DOUBLE_EQ(*parse_go_duration("300ms"), 0.3);
  EXPECT_DOUBLE_EQ(*parse_go_duration("-2h"), -7200);
  EXPECT_DOUBLE_EQ(*parse_go_duration("0"), 0);
  for (const char* bad : {"", "abc", "10", "1d", "h", ".s", "1h-2m"}) EXPECT_FALSE(parse_go_duration(bad)) << bad;
}

TEST(LogTimeBound, UnixTimesDurationsAndRfc3339) {
  EXPECT_EQ(log_time_bound("", "--since"), "");
  EXPECT_EQ(log_time_bound("1700000000", "--since"), "2023-11-14T22:13:20.000000000Z");
  EXPECT_EQ(log_time_bound("1700000000.5", "--since"), "2023-11-14T22:13:20.500000000Z");
  EXPECT_EQ(log_time_bound("2023-11-14T22:13:20Z", "--until"), "2023-11-14T22:13:20Z");
  EXPECT_FALSE(log_time_bound("1h30m", "--since").empty());
}

TEST(LogTimeBound, AnythingElseGetsDockersMessage) {
  try {
    log_time_bound("abc", "--since");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "invalid value for \"since\": failed to parse value as time or duration: \"abc\"");
  }
}

}  // namespace
}  // namespace berth::cli

// The ipc example's duration parser: Go-style "1s", "100ms", "500us", "0", sums and fractions.
#include <gtest/gtest.h>

#include "duration.hpp"

namespace ch6_ipc {
namespace {

using namespace std::chrono_literals;

std::chrono::nanoseconds parsed(std::string_view text) {
  auto d = parse_duration(text);
  EXPECT_TRUE(d.has_value()) << text << ": " << (d ? "" : d.error());
  return d.value_or(-1ns);
}

TEST(Ch6IpcDuration, ParsesEachUnit) {
  EXPECT_EQ(parsed("10ns"), 10ns);
  EXPECT_EQ(parsed("500us"), 500us);
  EXPECT_EQ(parsed("500\u00b5s"), 500us);
  EXPECT_EQ(parsed("100ms"), 100ms);
  EXPECT_EQ(parsed("1s"), 1s);
  EXPECT_EQ(parsed("2m"), 2min);
  EXPECT_EQ(parsed("3h"), 3h);
}

TEST(Ch6IpcDuration, ZeroNeedsNoUnit) {
  EXPECT_EQ(parsed("0"), 0ns);
  EXPECT_EQ(parsed("0s"), 0ns);
}

TEST(Ch6IpcDuration, FractionsAndSums) {
  EXPECT_EQ(parsed("1.5s"), 1500ms);
  EXPECT_EQ(parsed(".25ms"), 250us);
  EXPECT_EQ(parsed("1m30s"), 90s);
  EXPECT_EQ(parsed("1h2m3s4ms"), 1h + 2min + 3s + 4ms);
  EXPECT_EQ(parsed("0.000000001s"), 1ns);
}

TEST(Ch6IpcDuration, MinutesAreNotMilliseconds) {
  EXPECT_EQ(parsed("5ms"), 5ms);
  EXPECT_EQ(parsed("5m"), 5min);
}

TEST(Ch6IpcDuration, RefusesWhatIsNotADuration) {
  for (std::string_view bad : {"", "5", "s", "1x", "-1s", "1 s", "1s ", "ms", ".s", "1.5", "1sx"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(Ch6IpcDuration, SaysWhatIsMissing) {
  auto d = parse_duration("5");
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(d.error().find("unit"), std::string::npos) << d.error();
}

TEST(Ch6IpcDuration, RefusesOverflow) {
  EXPECT_FALSE(parse_duration("9999999999h").has_value());
  EXPECT_FALSE(parse_duration("99999999999999999999ns").has_value());
  EXPECT_FALSE(parse_duration("2562047h2562047h").has_value());
}

}  // namespace
}  // namespace ch6_ipc

// ps(1) output cut down to a container's processes (runc ps, docker top).
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/ps_command.hpp"
#include "base/strings.hpp"

namespace berth {
namespace {

const char* kPsEf =
    "UID          PID    PPID  C STIME TTY          TIME CMD\n"
    "root           1       0  0 10:00 ?        00:00:01 /sbin/init\n"
    "root         412       1  0 10:01 ?        00:00:00 sleep 1000\n"
    "nobody       413     412  0 10:01 ?        00:00:00 sh -c  echo   a\tb\n";

TEST(SplitFields, SplitsOnAnyRunOfBlanks) {
  EXPECT_EQ(split_fields("  a \t b\n"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(split_fields(" \t ").empty());
}

TEST(PsPidColumn, FindsPidWhereverItIs) {
  EXPECT_EQ(ps_pid_column("UID PID PPID CMD"), 1u);
  EXPECT_EQ(ps_pid_column("PID COMMAND"), 0u);
  // PPID is not PID.
  EXPECT_THROW(ps_pid_column("USER PPID COMMAND"), Error);
  try {
    ps_pid_column("USER COMMAND");
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "Couldn't find PID field in ps output");
  }
}

TEST(PsLinesOf, KeepsTheContainersLinesUnchanged) {
  auto lines = ps_lines_of(kPsEf, {413, 412});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "root         412       1  0 10:01 ?        00:00:00 sleep 1000");
  EXPECT_EQ(lines[1], "nobody       413     412  0 10:01 ?        00:00:00 sh -c  echo   a\tb");
  EXPECT_TRUE(ps_lines_of(kPsEf, {99}).empty());
  EXPECT_THROW(ps_lines_of("", {1}), Error);  // no header at all: docker says so too
}

TEST(PsLinesOf, RefusesAPidThatIsNotANumber) {
  EXPECT_THROW(ps_lines_of("PID CMD\nx1 sh\n", {1}), Error);
  EXPECT_THROW(ps_lines_of("USER PID CMD\nroot\n", {1}), Error);  // a line too short for PID
}

TEST(RunPs, ReportsStatusAndStderrOfAFailingPs) {
  PsResult ok = run_ps({"-o", "pid=", "-p", "1"});
  ASSERT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(split_fields(ok.out), (std::vector<std::string>{"1"}));
  PsResult bad = run_ps({"-o", "no-such-column"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("no-such-column"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace berth

// docker top's table: ps's titles, the container's rows, the command kept whole.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "engine/container_top.hpp"

namespace berth::engine {
namespace {

TEST(ParseTopOutput, KeepsTitlesAndTheContainersRowsWithTheCommandWhole) {
  TopTable t = parse_top_output(
      "UID PID PPID C STIME TTY TIME CMD\n"
      "root 7 1 0 10:00 ? 00:00:00 /sbin/init\n"
      "root 412 7 0 10:01 ? 00:00:00 sh -c while true; do sleep 1; done\n",
      {412});
  EXPECT_EQ(t.titles, (std::vector<std::string>{"UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"}));
  ASSERT_EQ(t.processes.size(), 1u);
  EXPECT_EQ(t.processes[0].size(), t.titles.size());
  EXPECT_EQ(t.processes[0][1], "412");
  EXPECT_EQ(t.processes[0].back(), "sh -c while true; do sleep 1; done");
}

TEST(ParseTopOutput, ACustomFormatWithPidFirst) {
  TopTable t = parse_top_output("PID COMMAND\n5 sleep\n6 sh\n", {6, 5});
  ASSERT_EQ(t.processes.size(), 2u);
  EXPECT_EQ(t.processes[0], (std::vector<std::string>{"5", "sleep"}));
}

TEST(ContainerTop, RefusesRenamingAColumnToPidAsDockerDoes) {
  try {
    container_top({1}, {"-o", "user=PID"});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "specifying \"user=PID\" is not allowed");
  }
  // pid=PID renames nothing: allowed.
  TopTable t = container_top({1}, {"-o", "pid=PID,comm"});
  ASSERT_EQ(t.processes.size(), 1u);
  EXPECT_EQ(t.processes[0][0], "1");
}

TEST(ContainerTop, APsFailureIsReportedWithItsFirstLineOfStderr) {
  try {
    container_top({1}, {"-o", "bogus"});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("ps: ", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("bogus"), std::string::npos) << e.what();
  }
}

TEST(ContainerTop, DefaultsToPsEf) {
  TopTable t = container_top({1}, {});
  EXPECT_EQ(t.titles, (std::vector<std::string>{"UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"}));
  ASSERT_EQ(t.processes.size(), 1u);
  EXPECT_EQ(t.processes[0][1], "1");
}

}  // namespace
}  // namespace berth::engine

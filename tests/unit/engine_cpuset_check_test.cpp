// --cpuset-cpus: docker's list form and its errors at create.
#include <gtest/gtest.h>

#include <set>

#include "base/error.hpp"
#include "engine/cpuset_check.hpp"

namespace berth::engine {
namespace {

TEST(CpusetCheck, ParsesNumbersAndAscendingRanges) {
  EXPECT_EQ(parse_cpu_list("0-3,5"), (std::set<unsigned>{0, 1, 2, 3, 5}));
  EXPECT_EQ(parse_cpu_list("1"), (std::set<unsigned>{1}));
  EXPECT_EQ(parse_cpu_list("2-2,0"), (std::set<unsigned>{0, 2}));
  EXPECT_EQ(parse_cpu_list(""), (std::set<unsigned>{}));
  for (const char* bad : {"a", "1-", "-1", "3-1", "1,,2", "1,", " 1", "1.5", "0x1", "1-2-3", "9999999"})
    EXPECT_FALSE(parse_cpu_list(bad)) << bad;
}

std::string error_of(const std::string& requested, const std::string& available) {
  try {
    check_cpuset_cpus(requested, available);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
    return e.what();
  }
  return "";
}

TEST(CpusetCheck, RefusesMalformedListsAndCpusNotAvailable) {
  EXPECT_EQ(error_of("0-1", "0-1"), "");
  EXPECT_EQ(error_of("1", "0-3"), "");
  EXPECT_EQ(error_of("1-x", "0-1"), "Invalid value 1-x for cpuset cpus");
  EXPECT_EQ(error_of("7", "0-1"), "Requested CPUs are not available - requested 7, available: 0-1");
  EXPECT_EQ(error_of("0,2", "0-1,3"), "Requested CPUs are not available - requested 0,2, available: 0-1,3");
  EXPECT_EQ(error_of("5", ""), "");  // nothing to compare with: the kernel decides
  EXPECT_FALSE(available_cpus().empty());
  EXPECT_TRUE(parse_cpu_list(available_cpus()));
}

}  // namespace
}  // namespace berth::engine

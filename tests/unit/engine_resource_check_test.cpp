// The limits dockerd refuses at create, in its words.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "engine/container_record.hpp"
#include "engine/resource_check.hpp"

namespace berth::engine {
namespace {

std::string error_of(const HostConfig& h, unsigned cpus = 2) {
  try {
    check_resource_limits(h, cpus);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
    return e.what();
  }
  return "";
}

TEST(CheckResourceLimits, MemoryBelowSixMegabytesIsRefused) {
  HostConfig h;
  h.memory = 6 * 1024 * 1024 - 1;
  EXPECT_EQ(error_of(h), "Minimum memory limit allowed is 6MB");
  h.memory = 6 * 1024 * 1024;
  EXPECT_EQ(error_of(h), "");
  h.memory = 0;  // no limit
  EXPECT_EQ(error_of(h), "");
}

TEST(CheckResourceLimits, CpusBeyondTheMachineOrNegativeAreRefused) {
  HostConfig h;
  h.nano_cpus = 2'000'000'000;
  EXPECT_EQ(error_of(h), "");
  h.nano_cpus = 2'000'000'001;
  EXPECT_EQ(error_of(h), "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
  EXPECT_EQ(error_of(h, 4), "");
  h.nano_cpus = -1;
  EXPECT_EQ(error_of(h, 8), "Range of CPUs is from 0.01 to 8.00, as there are only 8 CPUs available");
  h.nano_cpus = 0;  // no limit
  EXPECT_EQ(error_of(h), "");
}

TEST(CpusOnline, CountsAtLeastOne) { EXPECT_GE(cpus_online(), 1u); }

}  // namespace
}  // namespace berth::engine

// Rlimit names both ways, and the checks apply_rlimits makes before it changes anything.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

TEST(Rlimits, NamesBothWays) {
  EXPECT_EQ(rlimit_from_name("RLIMIT_NOFILE"), RLIMIT_NOFILE);
  EXPECT_EQ(rlimit_from_name("RLIMIT_RTTIME"), RLIMIT_RTTIME);
  EXPECT_EQ(rlimit_name(RLIMIT_CORE), "RLIMIT_CORE");
  for (int r = 0; r < RLIM_NLIMITS; ++r) EXPECT_EQ(rlimit_from_name(rlimit_name(r)), r);
}

TEST(Rlimits, UnknownNamesThrow) {
  EXPECT_THROW(rlimit_from_name("RLIMIT_FOO"), Error);
  EXPECT_THROW(rlimit_from_name("nofile"), Error);
  EXPECT_THROW(rlimit_name(-1), Error);
  EXPECT_THROW(rlimit_name(RLIM_NLIMITS), Error);
}

TEST(Rlimits, UnknownTypeIsRejectedBeforeAnyChange) {
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_CORE, &before), 0);
  // Lowering RLIMIT_CORE's soft limit would be allowed; the bad second entry must stop it.
  std::vector<oci::Rlimit> limits = {{"RLIMIT_CORE", before.rlim_max, 0}, {"RLIMIT_FOO", 1, 1}};
  try {
    apply_rlimits(limits);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "rlimits[1]: unknown rlimit \"RLIMIT_FOO\"");
  }
  rlimit after{};
  ASSERT_EQ(getrlimit(RLIMIT_CORE, &after), 0);
  EXPECT_EQ(after.rlim_cur, before.rlim_cur);
}

TEST(Rlimits, SoftAboveHardIsRejected) {
  try {
    apply_rlimits({{"RLIMIT_NOFILE", 10, 20}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "rlimits[0]: RLIMIT_NOFILE: soft limit 20 is above hard limit 10");
  }
}

TEST(Rlimits, AppliesInAChild) {
  // In a forked child so the test process keeps its own limits.
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    try {
      apply_rlimits({{"RLIMIT_NOFILE", 100, 50}, {"RLIMIT_CORE", 0, 0}});
    } catch (...) {
      _exit(2);
    }
    rlimit nofile{}, core{};
    getrlimit(RLIMIT_NOFILE, &nofile);
    getrlimit(RLIMIT_CORE, &core);
    _exit(nofile.rlim_cur == 50 && nofile.rlim_max == 100 && core.rlim_max == 0 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace berth::runtime

// berth::Error renders as one line with its context chain and the errno's name.
#include "base/error.hpp"

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(Error, RendersContextOutermostFirst) {
  Error e = Error::from_errno(ENOENT, "mount", "/dev/shm");
  e.context("prepare rootfs").context("create abc");
  EXPECT_STREQ(e.what(), "create abc: prepare rootfs: mount /dev/shm: ENOENT (No such file or directory)");
  EXPECT_EQ(e.err(), ENOENT);
}

TEST(Error, KeepsExitCode) {
  Error e = Error("no such container").with_exit_code(ExitCode::kEngine);
  EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
}

}  // namespace
}  // namespace berth

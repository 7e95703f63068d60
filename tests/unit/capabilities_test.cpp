// Capability names both ways, the kernel's last capability, and masks from config names.
#include <gtest/gtest.h>
#include <linux/capability.h>

#include "base/error.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

TEST(Capabilities, NamesBothWays) {
  EXPECT_EQ(capability_from_name("CAP_CHOWN"), 0);
  EXPECT_EQ(capability_from_name("CAP_SYS_ADMIN"), 21);
  EXPECT_EQ(capability_from_name("CAP_CHECKPOINT_RESTORE"), 40);
  EXPECT_EQ(capability_name(CAP_NET_BIND_SERVICE), "CAP_NET_BIND_SERVICE");
  EXPECT_EQ(capability_name(CAP_BPF), "CAP_BPF");
  for (int cap = 0; cap <= 40; ++cap) EXPECT_EQ(capability_from_name(capability_name(cap)), cap);
}

TEST(Capabilities, TableMatchesKernelHeaders) {
  EXPECT_EQ(capability_from_name("CAP_SETPCAP"), CAP_SETPCAP);
  EXPECT_EQ(capability_from_name("CAP_SYS_RESOURCE"), CAP_SYS_RESOURCE);
  EXPECT_EQ(capability_from_name("CAP_AUDIT_READ"), CAP_AUDIT_READ);
  EXPECT_EQ(capability_from_name("CAP_PERFMON"), CAP_PERFMON);
  EXPECT_EQ(capability_from_name("CAP_CHECKPOINT_RESTORE"), CAP_CHECKPOINT_RESTORE);
}

TEST(Capabilities, UnknownNamesThrow) {
  EXPECT_THROW(capability_from_name("CAP_FOO"), Error);
  EXPECT_THROW(capability_from_name("cap_chown"), Error);
  EXPECT_THROW(capability_from_name("CHOWN"), Error);
  EXPECT_THROW(capability_from_name(""), Error);
  EXPECT_THROW(capability_name(-1), Error);
  EXPECT_THROW(capability_name(41), Error);
}

TEST(Capabilities, LastCapabilityIsSane) {
  int last = last_capability();
  EXPECT_GE(last, CAP_AUDIT_READ);  // every kernel we support (4.x and later)
  EXPECT_LE(last, 63);
}

TEST(Capabilities, MaskFromNames) {
  EXPECT_EQ(capability_mask({}, "effective"), 0u);
  EXPECT_EQ(capability_mask({"CAP_CHOWN", "CAP_KILL", "CAP_KILL"}, "effective"),
            (1u << CAP_CHOWN) | (1u << CAP_KILL));
}

TEST(Capabilities, MaskRejectsNonCapabilitiesNamingTheSet) {
  try {
    capability_mask({"CAP_CHOWN", "CAP_NOT_A_CAP"}, "bounding");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "capabilities.bounding: unknown capability \"CAP_NOT_A_CAP\"");
  }
}

TEST(Capabilities, MaskSkipsCapabilitiesTheKernelDoesNotKnow) {
  // Only testable where the kernel is older than the table.
  int last = last_capability();
  if (last >= 40) GTEST_SKIP() << "the kernel knows every capability in the table";
  EXPECT_EQ(capability_mask({"CAP_CHOWN", "CAP_CHECKPOINT_RESTORE"}, "permitted"), 1u);
}

}  // namespace
}  // namespace berth::runtime

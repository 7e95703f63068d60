// Capability names both ways, the kernel's last capability, and masks from config names.
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <unistd.h>

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
  // As on a 5.8 kernel without CAP_CHECKPOINT_RESTORE: skipped with a warning, not an error.
  EXPECT_EQ(capability_mask({"CAP_CHOWN", "CAP_CHECKPOINT_RESTORE"}, "permitted", 39),
            uint64_t{1} << CAP_CHOWN);
  EXPECT_EQ(capability_mask({"CAP_BPF"}, "permitted", 39), uint64_t{1} << CAP_BPF);
  // A name that is no capability at all stays an error whatever the kernel.
  EXPECT_THROW(capability_mask({"CAP_TIME_TRAVEL"}, "permitted", 39), Error);
}

TEST(Capabilities, BadNamesFailBeforeTheUserChanges) {
  // Validation comes first, so this is safe to run unprivileged: nothing is changed.
  oci::Capabilities caps;
  caps.effective = {"CAP_CHOWN"};
  caps.ambient = {"CAP_WIZARDRY"};
  const uid_t uid = getuid();
  try {
    switch_user_and_capabilities(
        oci::User{.uid = 65534, .gid = 65534, .umask = {}, .additional_gids = {}}, &caps);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "switch to user 65534:65534: capabilities.ambient: unknown capability "
                 "\"CAP_WIZARDRY\"");
  }
  EXPECT_EQ(getuid(), uid);
}

}  // namespace
}  // namespace berth::runtime

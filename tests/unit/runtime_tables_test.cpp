// Declarative tables of the runtime: mount options, signals, default device rules, mountinfo.
#include <sys/mount.h>

#include <csignal>

#include <gtest/gtest.h>

#include "base/signals.hpp"
#include "runtime/default_device_rules.hpp"
#include "runtime/init/mount_options.hpp"
#include "runtime/mountinfo.hpp"

namespace berth::runtime {
namespace {

TEST(MountOptions, FlagsPropagationAndData) {
  auto f = parse_mount_options({"nosuid", "ro", "rw", "noexec", "rbind", "rslave", "size=64m", "mode=1777"});
  EXPECT_EQ(f.flags, static_cast<unsigned long>(MS_NOSUID | MS_NOEXEC | MS_BIND | MS_REC));
  EXPECT_EQ(f.propagation, static_cast<unsigned long>(MS_SLAVE | MS_REC));
  EXPECT_EQ(f.data, "size=64m,mode=1777");
  EXPECT_TRUE(f.is_bind());
}

TEST(MountOptions, RecursiveReadOnlyAndIgnoredWords) {
  auto f = parse_mount_options({"rro", "tmpcopyup", "defaults"});
  EXPECT_TRUE(f.recursive_readonly);
  EXPECT_EQ(f.flags, 0u);
  EXPECT_EQ(f.data, "");
}

TEST(Signals, NamesWithAndWithoutSigAndNumbers) {
  EXPECT_EQ(parse_signal("KILL"), SIGKILL);
  EXPECT_EQ(parse_signal("sigterm"), SIGTERM);
  EXPECT_EQ(parse_signal("9"), 9);
  EXPECT_EQ(parse_signal("RTMIN+2"), SIGRTMIN + 2);
  EXPECT_EQ(parse_signal("SIGRTMAX-1"), SIGRTMAX - 1);
  EXPECT_FALSE(parse_signal("NOPE"));
  EXPECT_FALSE(parse_signal("0"));
  EXPECT_FALSE(parse_signal("999"));
  EXPECT_EQ(signal_name(SIGHUP), "SIGHUP");
}

TEST(DefaultDeviceRules, AppendAfterTheConfigsOwnAndAllowConfigDevices) {
  oci::Resources r;
  r.devices.push_back(oci::DeviceRule{false, "a", std::nullopt, std::nullopt, "rwm"});
  oci::Device fuse{"c", "/dev/fuse", 10, 229, 0666, 0, 0};
  auto out = with_default_device_rules(r, {fuse});
  ASSERT_GT(out.devices.size(), 3u);
  EXPECT_FALSE(out.devices.front().allow);  // the config's deny-all stays first
  const auto& last = out.devices.back();
  EXPECT_TRUE(last.allow);
  EXPECT_EQ(last.major, 10);
  EXPECT_EQ(last.minor, 229);
  bool null_allowed = false;
  for (const auto& d : out.devices)
    if (d.allow && d.type == "c" && d.major == 1 && d.minor == 3 && d.access == "rwm") null_allowed = true;
  EXPECT_TRUE(null_allowed);
}

TEST(Mountinfo, ParsesFieldsOptionalTagsAndEscapes) {
  auto m = parse_mountinfo(
      "36 35 98:0 /mnt1 /mnt\\040two rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue\n"
      "40 30 0:31 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
      "garbage line\n");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].root, "/mnt1");
  EXPECT_EQ(m[0].mount_point, "/mnt two");
  EXPECT_EQ(m[0].fs_type, "ext3");
  EXPECT_EQ(m[0].source, "/dev/root");
  EXPECT_EQ(m[1].super_options, "rw,cpu");
}

}  // namespace
}  // namespace berth::runtime

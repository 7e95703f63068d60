// The default config that `spec` writes parses back, and the state JSON has the spec's fields.
#include "oci/state.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "oci/spec_parse.hpp"

namespace berth::oci {
namespace {

TEST(DefaultSpec, RootfulRoundTrips) {
  Spec s = parse_spec(default_spec(false, 0, 0).dump());
  EXPECT_EQ(s.oci_version, kRuntimeSpecVersion);
  EXPECT_EQ(s.root.path, "rootfs");
  EXPECT_TRUE(s.root.readonly);
  ASSERT_TRUE(s.process);
  EXPECT_TRUE(s.process->terminal);
  EXPECT_EQ(s.process->args, std::vector<std::string>{"sh"});
  EXPECT_EQ(s.process->cwd, "/");
  ASSERT_TRUE(s.process->capabilities);
  EXPECT_EQ(s.process->capabilities->bounding.size(), 3u);
  ASSERT_EQ(s.process->rlimits.size(), 1u);
  EXPECT_EQ(s.process->rlimits[0].type, "RLIMIT_NOFILE");
  EXPECT_EQ(s.hostname, "berth");
  EXPECT_EQ(s.mounts.size(), 7u);
  EXPECT_EQ(s.find_namespace("user"), nullptr);
  ASSERT_NE(s.find_namespace("uts"), nullptr);
  ASSERT_TRUE(s.linux_->resources);
  ASSERT_EQ(s.linux_->resources->devices.size(), 1u);
  EXPECT_FALSE(s.linux_->resources->devices[0].allow);
  EXPECT_EQ(s.linux_->masked_paths.size(), 10u);
  EXPECT_EQ(s.linux_->readonly_paths.size(), 5u);
}

TEST(DefaultSpec, RootlessRoundTrips) {
  Spec s = parse_spec(default_spec(true, 1000, 1000).dump());
  ASSERT_NE(s.find_namespace("user"), nullptr);
  ASSERT_EQ(s.linux_->uid_mappings.size(), 1u);
  EXPECT_EQ(s.linux_->uid_mappings[0].container_id, 0u);
  EXPECT_EQ(s.linux_->uid_mappings[0].host_id, 1000u);
  EXPECT_EQ(s.linux_->uid_mappings[0].size, 1u);
  ASSERT_EQ(s.linux_->gid_mappings.size(), 1u);
  EXPECT_EQ(s.linux_->gid_mappings[0].host_id, 1000u);
  EXPECT_FALSE(s.linux_->resources);
  // sysfs is bound from the host, the cgroup mount is gone, and devpts has no gid=5.
  EXPECT_EQ(s.mounts.size(), 6u);
  for (const auto& m : s.mounts) {
    EXPECT_NE(m.destination, "/sys/fs/cgroup");
    if (m.destination == "/sys") {
      EXPECT_EQ(m.options.front(), "rbind");
    }
    if (m.destination == "/dev/pts") {
      EXPECT_EQ(std::count(m.options.begin(), m.options.end(), "gid=5"), 0);
    }
  }
}

TEST(DefaultSpec, RootlessMapsTheCallersIds) {
  Spec s = parse_spec(default_spec(true, 4294967294u, 70000).dump());
  EXPECT_EQ(s.linux_->uid_mappings[0].host_id, 4294967294u);
  EXPECT_EQ(s.linux_->gid_mappings[0].host_id, 70000u);
}

TEST(StateJson, RunningHasEveryField) {
  State st;
  st.id = "abc";
  st.status = "running";
  st.pid = 4242;
  st.bundle = "/bundles/abc";
  st.annotations = {{"k", "v"}};
  nlohmann::json j = to_json(st);
  EXPECT_EQ(j["ociVersion"], kRuntimeSpecVersion);
  EXPECT_EQ(j["id"], "abc");
  EXPECT_EQ(j["status"], "running");
  EXPECT_EQ(j["pid"], 4242);
  EXPECT_EQ(j["bundle"], "/bundles/abc");
  EXPECT_EQ(j["annotations"]["k"], "v");
}

TEST(StateJson, PidOnlyWhileAProcessExists) {
  for (const char* status : {"created", "paused"}) {
    State st;
    st.id = "x";
    st.status = status;
    st.pid = 7;
    EXPECT_EQ(to_json(st)["pid"], 7) << status;
  }
  State stopped;
  stopped.id = "x";
  stopped.status = "stopped";
  stopped.pid = 7;
  nlohmann::json j = to_json(stopped);
  EXPECT_TRUE(!j.contains("pid") || j["pid"] == 0) << j.dump();
  EXPECT_FALSE(j.contains("annotations"));
}

}  // namespace
}  // namespace berth::oci

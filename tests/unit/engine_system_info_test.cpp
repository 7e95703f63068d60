// berth info's pieces: counts by state, os-release, filesystem names, cgroup probing and
// warnings (on a fake hierarchy in a temp dir), the engine id, and docker's text layout.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/berth/info_format.hpp"
#include "engine/system_info.hpp"

namespace berth::engine {
namespace {

namespace fs = std::filesystem;

TEST(engine_system_info, CountsAsDockerd) {
  ContainerCounts c = count_by_status({"running", "paused", "exited", "created", "restarting", "running", "dead"});
  EXPECT_EQ(c.total, 7);
  EXPECT_EQ(c.running, 2);
  EXPECT_EQ(c.paused, 1);
  EXPECT_EQ(c.stopped, 4);  // restarting counts as stopped, as dockerd's StateString does
  ContainerCounts none = count_by_status({});
  EXPECT_EQ(none.total + none.running + none.paused + none.stopped, 0);
}

TEST(engine_system_info, CountsOfAnEmptyRoot) {
  ContainerCounts c = count_containers(Paths{"/nonexistent/berth-root", "/nonexistent/berth-run"});
  EXPECT_EQ(c.total, 0);
}

TEST(engine_system_info, OsRelease) {
  OsRelease os = parse_os_release(
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
      "# comment\nID=debian\n");
  EXPECT_EQ(os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(os.version_id, "12");
  EXPECT_EQ(parse_os_release("PRETTY_NAME='Alpine Linux v3.19'\nVERSION_ID=3.19.1").pretty_name,
            "Alpine Linux v3.19");
  EXPECT_EQ(parse_os_release("PRETTY_NAME=\"say \\\"hi\\\"\"").pretty_name, "say \"hi\"");
  EXPECT_EQ(parse_os_release("NAME=x\n").pretty_name, "Linux");  // docker's fallback
  EXPECT_EQ(parse_os_release("PRETTY_NAME=\"\"\n").pretty_name, "Linux");
  EXPECT_EQ(parse_os_release("garbage\n=\nVERSION_ID=7").version_id, "7");
}

TEST(engine_system_info, FilesystemNames) {
  EXPECT_EQ(filesystem_name(0xEF53), "extfs");
  EXPECT_EQ(filesystem_name(0x58465342), "xfs");
  EXPECT_EQ(filesystem_name(0x01021994), "tmpfs");
  EXPECT_EQ(filesystem_name(0x12345), "<unknown>");
  // A root that does not exist yet is on its parent's filesystem.
  EXPECT_EQ(backing_filesystem("/tmp/berth-no-such-dir/x"), backing_filesystem("/tmp"));
  EXPECT_NE(backing_filesystem("/"), "");
}

class FakeCgroups : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("berth-info-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void touch(const std::string& rel, const std::string& text = "") {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel) << text;
  }
  fs::path dir_;
};

TEST_F(FakeCgroups, V1WithoutSwapAccounting) {
  for (const char* f : {"memory/memory.limit_in_bytes", "memory/memory.kmem.tcp.limit_in_bytes",
                        "memory/memory.oom_control", "cpu/cpu.cfs_quota_us", "cpu/cpu.cfs_period_us",
                        "cpu/cpu.shares", "cpuset/cpuset.cpus", "pids/pids.max"})
    touch(f);
  CgroupSupport s = probe_cgroups(1, dir_.string());
  EXPECT_TRUE(s.memory_limit && s.kernel_memory_tcp && s.oom_kill_disable && s.cpu_cfs_quota && s.cpu_shares &&
              s.cpuset && s.pids_limit);
  EXPECT_FALSE(s.swap_limit);
  EXPECT_EQ(cgroup_warnings(s), std::vector<std::string>{"WARNING: No swap limit support"});
  touch("memory/memory.memsw.limit_in_bytes");
  EXPECT_TRUE(cgroup_warnings(probe_cgroups(1, dir_.string())).empty());
}

TEST_F(FakeCgroups, V1WithNothing) {
  std::vector<std::string> w = cgroup_warnings(probe_cgroups(1, dir_.string()));
  EXPECT_EQ(w.size(), 8u);
  EXPECT_EQ(w.front(), "WARNING: No memory limit support");
  EXPECT_EQ(w.back(), "WARNING: No cpuset support");
}

TEST_F(FakeCgroups, V2Controllers) {
  touch("cgroup.controllers", "cpuset cpu io memory pids\n");
  CgroupSupport s = probe_cgroups(2, dir_.string());
  EXPECT_EQ(s.version, 2);
  EXPECT_TRUE(s.memory_limit && s.cpu_cfs_quota && s.cpu_shares && s.cpuset && s.pids_limit);
  EXPECT_FALSE(s.swap_limit);
  EXPECT_EQ(cgroup_warnings(s), std::vector<std::string>{"WARNING: No swap limit support"});
  touch("system.slice/memory.swap.max", "max\n");
  EXPECT_TRUE(cgroup_warnings(probe_cgroups(2, dir_.string())).empty());
  touch("cgroup.controllers", "pids\n");
  EXPECT_EQ(cgroup_warnings(probe_cgroups(2, dir_.string())).size(), 6u);  // no v1-only warnings
}

TEST(engine_system_info, EngineIdIsStableAndUuidShaped) {
  std::string a = engine_id("0123456789abcdef\n", "/var/lib/berth");
  EXPECT_EQ(a, engine_id("0123456789abcdef", "/var/lib/berth"));
  EXPECT_NE(a, engine_id("0123456789abcdef", "/tmp/root"));
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[8], '-');
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
}

TEST(engine_system_info, HostFacts) {
  HostFacts h = host_facts();
  EXPECT_GT(h.cpus, 0);
  EXPECT_GT(h.memory_bytes, 0u);
  EXPECT_FALSE(h.kernel_version.empty());
  EXPECT_FALSE(h.architecture.empty());
}

TEST(engine_system_info, TextAsDockers) {
  nlohmann::json info = {
      {"ID", "id-1"}, {"Containers", 3}, {"ContainersRunning", 1}, {"ContainersPaused", 1},
      {"ContainersStopped", 1}, {"Images", 2}, {"ServerVersion", "0.1.0"}, {"Driver", "overlay"},
      {"DriverStatus", nlohmann::json::array({nlohmann::json::array({"Backing Filesystem", "extfs"})})}, {"LoggingDriver", "json-file"},
      {"CgroupDriver", "cgroupfs"}, {"CgroupVersion", "1"},
      {"Plugins", {{"Volume", {"local"}}, {"Network", {"host", "null"}}, {"Log", {"json-file"}}}},
      {"Swarm", {{"LocalNodeState", "inactive"}}},
      {"Runtimes", {{"berth", {{"path", "(in-process)"}}}, {"runc", {{"path", "/usr/sbin/runc"}}}}},
      {"DefaultRuntime", "berth"}, {"InitBinary", "/usr/bin/tini-static"},
      {"SecurityOptions", {"name=seccomp,profile=builtin"}}, {"KernelVersion", "6.1.0"},
      {"OperatingSystem", "Debian GNU/Linux 12 (bookworm)"}, {"OSType", "linux"}, {"Architecture", "x86_64"},
      {"NCPU", 2}, {"MemTotal", 25276063744ULL}, {"Name", "vm"}, {"DockerRootDir", "/var/lib/berth"},
      {"Debug", false}, {"ExperimentalBuild", false},
      {"ClientInfo", {{"Version", "0.1.0"}, {"Context", "default"}, {"Debug", false}}}};
  EXPECT_EQ(cli::info_text(info),
            "Client:\n"
            " Version:    0.1.0\n"
            " Context:    default\n"
            " Debug Mode: false\n"
            "\n"
            "Server:\n"
            " Containers: 3\n"
            "  Running: 1\n"
            "  Paused: 1\n"
            "  Stopped: 1\n"
            " Images: 2\n"
            " Server Version: 0.1.0\n"
            " Storage Driver: overlay\n"
            "  Backing Filesystem: extfs\n"
            " Logging Driver: json-file\n"
            " Cgroup Driver: cgroupfs\n"
            " Cgroup Version: 1\n"
            " Plugins:\n"
            "  Volume: local\n"
            "  Network: host null\n"
            "  Log: json-file\n"
            " Swarm: inactive\n"
            " Runtimes: berth runc\n"
            " Default Runtime: berth\n"
            " Init Binary: /usr/bin/tini-static\n"
            " Security Options:\n"
            "  seccomp\n"
            "   Profile: builtin\n"
            " Kernel Version: 6.1.0\n"
            " Operating System: Debian GNU/Linux 12 (bookworm)\n"
            " OSType: linux\n"
            " Architecture: x86_64\n"
            " CPUs: 2\n"
            " Total Memory: 23.54GiB\n"
            " Name: vm\n"
            " ID: id-1\n"
            " Docker Root Dir: /var/lib/berth\n"
            " Debug Mode: false\n"
            " Experimental: false\n"
            "\n");
}

}  // namespace
}  // namespace berth::engine

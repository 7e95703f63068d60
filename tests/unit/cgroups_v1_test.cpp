// cgroup v1: paths, mountinfo, each controller's plan, and the manager against a fake cgroupfs.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "cgroups_fake.hpp"
#include "runtime/cgroups/cgroup_path.hpp"
#include "runtime/cgroups/v1/controllers.hpp"
#include "runtime/cgroups/v1/manager.hpp"
#include "runtime/cgroups/v1/mountinfo.hpp"

namespace berth::cgroups {
namespace {

using testing::error_of;
using testing::FakeCgroupfs;

// --- cgroupsPath -------------------------------------------------------------------------

TEST(CgroupPath, EmptyPathUsesBerthAndId) { EXPECT_EQ(resolve_path("", "abc"), "/berth/abc"); }

TEST(CgroupPath, AbsoluteAndRelativeBothSitBelowTheRoot) {
  EXPECT_EQ(resolve_path("/a/b", "x"), "/a/b");
  EXPECT_EQ(resolve_path("a/b", "x"), "/a/b");
  EXPECT_EQ(resolve_path("//a/./b/", "x"), "/a/b");
}

TEST(CgroupPath, RejectsDotDot) {
  EXPECT_NE(error_of([] { resolve_path("/a/../../etc", "x"); }).find("\"..\""), std::string::npos);
  EXPECT_THROW(resolve_path("..", "x"), Error);
  EXPECT_THROW(normalize_path("a/.."), Error);
}

TEST(CgroupPath, RejectsTheRootAndBadIds) {
  EXPECT_NE(error_of([] { resolve_path("/", "x"); }).find("hierarchy root"), std::string::npos);
  EXPECT_THROW(resolve_path("/./", "x"), Error);
  EXPECT_THROW(resolve_path("", ""), Error);
  EXPECT_THROW(resolve_path("", "a/b"), Error);
  EXPECT_THROW(resolve_path("", ".."), Error);
}

TEST(CgroupPath, ManagerRejectsBadPathsToo) {
  EXPECT_THROW(v1::Manager({{"memory", "/tmp"}}, "/x/../y"), Error);
}

// --- mountinfo ---------------------------------------------------------------------------

TEST(Mountinfo, FindsEachControllerAndNamedHierarchy) {
  const char* text =
      "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
      "31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup "
      "rw,cpu,cpuacct\n"
      "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
      "35 30 0:31 / /mnt/again rw,relatime - cgroup cgroup rw,memory\n"
      "36 30 0:33 / /sys/fs/cgroup/my\\040freezer rw - cgroup cgroup rw,freezer,clone_children\n"
      "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
      "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
  v1::Roots roots = v1::parse_mountinfo(text);
  v1::Roots want = {{"cpu", "/sys/fs/cgroup/cpu,cpuacct"},
                    {"cpuacct", "/sys/fs/cgroup/cpu,cpuacct"},
                    {"memory", "/sys/fs/cgroup/memory"},
                    {"freezer", "/sys/fs/cgroup/my freezer"},
                    {"name=systemd", "/sys/fs/cgroup/systemd"}};
  EXPECT_EQ(roots, want);
}

// What a container's /sys/fs/cgroup is built from: every mount, in order, with its controllers
// as the kernel lists them (flags like rw, xattr, clone_children dropped).
TEST(Mountinfo, ListsEveryHierarchyMountWithItsControllers) {
  const char* text =
      "31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
      "34 30 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
      "35 30 0:31 / /mnt/again rw - cgroup cgroup rw,memory\n"
      "36 30 0:33 / /sys/fs/cgroup/f rw - cgroup cgroup rw,freezer,clone_children,release_agent=/x\n"
      "39 30 0:36 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n"
      "40 30 0:37 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
  std::vector<v1::Hierarchy> want = {{"/sys/fs/cgroup/cpu,cpuacct", "cpu,cpuacct"},
                                     {"/sys/fs/cgroup/memory", "memory"},
                                     {"/mnt/again", "memory"},
                                     {"/sys/fs/cgroup/f", "freezer"},
                                     {"/sys/fs/cgroup/systemd", "name=systemd"}};
  auto hierarchies = v1::parse_hierarchies(text);
  EXPECT_EQ(hierarchies, want);
  EXPECT_EQ(v1::roots_of(hierarchies).at("memory"), "/sys/fs/cgroup/memory");  // the first mount
}

TEST(Mountinfo, IgnoresJunk) { EXPECT_TRUE(v1::parse_mountinfo("\ngarbage\n1 2 3\n").empty()); }

// --- memory ------------------------------------------------------------------------------

oci::MemoryResources memory(int64_t limit, std::optional<int64_t> swap = {}) {
  oci::MemoryResources m;
  m.limit = limit;
  m.swap = swap;
  return m;
}

TEST(V1Memory, RaisingWritesMemswFirst) {
  Plan plan = v1::plan_memory(memory(200, 400), {.limit = 100, .has_memsw = true});
  Plan want = {{"memory.memsw.limit_in_bytes", "400"}, {"memory.limit_in_bytes", "200"}};
  EXPECT_EQ(plan, want);
}

TEST(V1Memory, LoweringWritesLimitFirst) {
  Plan plan = v1::plan_memory(memory(200, 300), {.limit = 1000, .has_memsw = true});
  Plan want = {{"memory.limit_in_bytes", "200"}, {"memory.memsw.limit_in_bytes", "300"}};
  EXPECT_EQ(plan, want);
}

TEST(V1Memory, UnlimitedSwapGoesFirst) {
  Plan plan = v1::plan_memory(memory(200, -1), {.limit = 1000, .has_memsw = true});
  EXPECT_EQ(plan.front(), (Write{"memory.memsw.limit_in_bytes", "-1"}));
}

TEST(V1Memory, UnlimitedMemoryMakesSwapUnlimited) {
  Plan plan = v1::plan_memory(memory(-1), {.limit = 1000, .has_memsw = true});
  Plan want = {{"memory.memsw.limit_in_bytes", "-1"}, {"memory.limit_in_bytes", "-1"}};
  EXPECT_EQ(plan, want);
}

TEST(V1Memory, NoSwapAccountingSkipsMemsw) {
  Plan plan = v1::plan_memory(memory(200, 400), {.limit = 100, .has_memsw = false});
  Plan want = {{"memory.limit_in_bytes", "200"}};
  EXPECT_EQ(plan, want);
}

TEST(V1Memory, ReservationSwappinessOom) {
  oci::MemoryResources m;
  m.reservation = 50;
  m.swappiness = 10;
  m.disable_oom_killer = true;
  Plan want = {{"memory.soft_limit_in_bytes", "50"},
               {"memory.swappiness", "10"},
               {"memory.oom_control", "1"}};
  EXPECT_EQ(v1::plan_memory(m, {}), want);
  m.swappiness = UINT64_MAX;  // -1: kernel default
  m.disable_oom_killer = false;
  EXPECT_EQ(v1::plan_memory(m, {}).size(), 1u);
  m.swappiness = 101;
  EXPECT_THROW(v1::plan_memory(m, {}), Error);
}

// --- cpu, cpuset -------------------------------------------------------------------------

TEST(V1Cpu, PeriodIsRetriedAfterQuota) {
  oci::CpuResources c;
  c.shares = 512;
  c.quota = 50000;
  c.period = 100000;
  Plan want = {{"cpu.shares", "512"},
               {"cpu.cfs_period_us", "100000", false, true},
               {"cpu.cfs_quota_us", "50000"},
               {"cpu.cfs_period_us", "100000"}};
  EXPECT_EQ(v1::plan_cpu(c), want);
}

TEST(V1Cpu, QuotaAloneAndRealtime) {
  oci::CpuResources c;
  c.quota = -1;
  c.realtime_runtime = 950;
  c.realtime_period = 1000;
  c.idle = 1;
  Plan want = {{"cpu.cfs_quota_us", "-1"},
               {"cpu.rt_period_us", "1000"},
               {"cpu.rt_runtime_us", "950"},
               {"cpu.idle", "1"}};
  EXPECT_EQ(v1::plan_cpu(c), want);
}

TEST(V1Cpu, PeriodAloneMustSucceed) {
  oci::CpuResources c;
  c.period = 100000;
  Plan want = {{"cpu.cfs_period_us", "100000"}};
  EXPECT_EQ(v1::plan_cpu(c), want);
}

TEST(V1Cpu, SharesOutsideTheKernelsRangeAreRefusedAsRuncRefusesThem) {
  oci::CpuResources c;
  c.shares = 1;
  EXPECT_THROW(
      {
        try {
          v1::plan_cpu(c);
        } catch (const Error& e) {
          EXPECT_STREQ(e.what(), "the minimum allowed cpu-shares is 2");
          throw;
        }
      },
      Error);
  c.shares = 262145;
  EXPECT_THROW(v1::plan_cpu(c), Error);
  c.shares = 2;
  EXPECT_EQ(v1::plan_cpu(c).size(), 1u);
  c.shares = 262144;
  EXPECT_EQ(v1::plan_cpu(c).size(), 1u);
}

TEST(V1Cpuset, Plan) {
  oci::CpuResources c;
  c.cpus = "0-1";
  c.mems = "0";
  Plan want = {{"cpuset.cpus", "0-1"}, {"cpuset.mems", "0"}};
  EXPECT_EQ(v1::plan_cpuset(c), want);
}

// --- pids, blkio, devices, hugetlb ------------------------------------------------------

TEST(V1Pids, LimitOrMax) {
  EXPECT_EQ(v1::plan_pids(100), (Plan{{"pids.max", "100"}}));
  EXPECT_EQ(v1::plan_pids(0), (Plan{{"pids.max", "max"}}));
  EXPECT_EQ(v1::plan_pids(-1), (Plan{{"pids.max", "max"}}));
}

oci::BlockIoResources blkio() {
  oci::BlockIoResources b;
  b.weight = 500;
  b.leaf_weight = 300;
  b.weight_device.push_back({8, 0, 600, 200});
  b.throttle_read_bps.push_back({8, 0, 1048576});
  b.throttle_write_bps.push_back({8, 16, 2048});
  b.throttle_read_iops.push_back({8, 0, 100});
  b.throttle_write_iops.push_back({8, 0, 50});
  return b;
}

TEST(V1Blkio, CfqKnobs) {
  Plan want = {{"blkio.weight", "500"},
               {"blkio.leaf_weight", "300"},
               {"blkio.weight_device", "8:0 600"},
               {"blkio.leaf_weight_device", "8:0 200"},
               {"blkio.throttle.read_bps_device", "8:0 1048576"},
               {"blkio.throttle.write_bps_device", "8:16 2048"},
               {"blkio.throttle.read_iops_device", "8:0 100"},
               {"blkio.throttle.write_iops_device", "8:0 50"}};
  EXPECT_EQ(v1::plan_blkio(blkio(), true), want);
}

TEST(V1Blkio, BfqKnobsWithoutCfq) {
  Plan plan = v1::plan_blkio(blkio(), false);
  EXPECT_EQ(plan[0], (Write{"blkio.bfq.weight", "500"}));
  EXPECT_EQ(plan[2], (Write{"blkio.bfq.weight_device", "8:0 600"}));
}

oci::DeviceRule rule(bool allow, std::string type, std::optional<int64_t> major,
                     std::optional<int64_t> minor, std::string access) {
  return {allow, std::move(type), major, minor, std::move(access)};
}

TEST(V1Devices, DenyAllFirstThenAllows) {
  std::vector<oci::DeviceRule> rules = {rule(false, "", {}, {}, "rwm"),
                                        rule(true, "c", 1, 3, "rwm"), rule(true, "c", {}, {}, "m"),
                                        rule(true, "b", 8, -1, "r"), rule(false, "c", 5, 1, "")};
  Plan want = {{"devices.deny", "a"},
               {"devices.allow", "c 1:3 rwm"},
               {"devices.allow", "c *:* m"},
               {"devices.allow", "b 8:* r"},
               {"devices.deny", "c 5:1 rwm"}};
  EXPECT_EQ(v1::plan_devices(rules), want);
}

TEST(V1Devices, AllowAllIsA) {
  EXPECT_EQ(v1::device_rule_string(rule(true, "a", {}, {}, "rwm")), "a");
}

TEST(V1Devices, RejectsBadRules) {
  EXPECT_THROW(v1::device_rule_string(rule(true, "x", 1, 1, "rwm")), Error);
  EXPECT_THROW(v1::device_rule_string(rule(true, "c", 1, 1, "rw\nm")), Error);
}

TEST(V1Hugetlb, LimitAndOptionalReservation) {
  Plan want = {{"hugetlb.2MB.limit_in_bytes", "4194304"},
               {"hugetlb.2MB.rsvd.limit_in_bytes", "4194304", true}};
  EXPECT_EQ(v1::plan_hugetlb({{"2MB", 4194304}}), want);
  EXPECT_THROW(v1::plan_hugetlb({{"../x", 1}}), Error);
  EXPECT_THROW(v1::plan_hugetlb({{"2MB/x", 1}}), Error);
  EXPECT_THROW(v1::plan_hugetlb({{"MB", 1}}), Error);
}

// --- the manager on a fake cgroupfs ------------------------------------------------------

class V1Fake : public ::testing::Test {
 protected:
  v1::Roots roots() const {
    v1::Roots r;
    for (const char* c : {"memory", "pids", "freezer", "devices", "blkio", "hugetlb", "cpuset"}) {
      r[c] = fs.path(c);
    }
    r["cpu"] = r["cpuacct"] = fs.path("cpu,cpuacct");
    r["name=systemd"] = fs.path("systemd");
    return r;
  }
  // The knob files the kernel would have made in the container's cgroup.
  void populate(const std::string& path) const {
    for (const char* f :
         {"memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.soft_limit_in_bytes",
          "memory.swappiness", "memory.oom_control"}) {
      fs.put("memory" + path + "/" + f, "");
    }
    fs.put("memory" + path + "/memory.limit_in_bytes", "9223372036854771712");
    for (const char* f : {"cpu.shares", "cpu.cfs_quota_us", "cpu.cfs_period_us"}) {
      fs.put("cpu,cpuacct" + path + "/" + f);
    }
    fs.put("pids" + path + "/pids.max");
    fs.put("blkio" + path + "/blkio.weight");
    fs.put("blkio" + path + "/blkio.throttle.read_bps_device");
    fs.put("devices" + path + "/devices.allow");
    fs.put("devices" + path + "/devices.deny");
    fs.put("hugetlb" + path + "/hugetlb.2MB.limit_in_bytes");
    fs.put("freezer" + path + "/freezer.state", "THAWED");
    fs.put("cpuset/cpuset.cpus", "0-3");
    fs.put("cpuset/cpuset.mems", "0");
    fs.put("cpuset/berth/cpuset.cpus");
    fs.put("cpuset/berth/cpuset.mems");
    fs.put("cpuset" + path + "/cpuset.cpus");
    fs.put("cpuset" + path + "/cpuset.mems", "0");
  }

  FakeCgroupfs fs;
};

TEST_F(V1Fake, CreateMakesEveryHierarchyAndSeedsCpuset) {
  populate("/berth/c1");
  v1::Manager m(roots(), "/berth/c1");
  m.create();
  for (const char* h : {"memory", "pids", "freezer", "devices", "blkio", "hugetlb", "cpuset",
                        "cpu,cpuacct", "systemd"}) {
    EXPECT_TRUE(fs.exists(std::string(h) + "/berth/c1")) << h;
  }
  EXPECT_EQ(fs.get("cpuset/berth/cpuset.cpus"), "0-3");
  EXPECT_EQ(fs.get("cpuset/berth/cpuset.mems"), "0");
  EXPECT_EQ(fs.get("cpuset/berth/c1/cpuset.cpus"), "0-3");
}

// A create killed between its mkdirs leaves the cgroup in some hierarchies only: delete --force
// finds no processes where it is missing (and still fails where a made one is unreadable).
TEST_F(V1Fake, PidsOfACgroupNotMadeInEveryHierarchyAreNone) {
  fs.put("memory/berth/c1/cgroup.procs", "");
  v1::Manager m(roots(), "/berth/c1");
  EXPECT_TRUE(m.pids().empty());
  fs.mkdir("freezer/berth/c1");
  EXPECT_THROW(m.pids(), Error);
}

TEST_F(V1Fake, ApplyWritesEveryKnob) {
  populate("/berth/c1");
  v1::Manager m(roots(), "/berth/c1");
  oci::Resources r;
  r.memory = memory(1 << 20, 2 << 20);
  r.memory->reservation = 4096;
  r.memory->swappiness = 0;
  r.memory->disable_oom_killer = true;
  r.cpu = oci::CpuResources{};
  r.cpu->shares = 512;
  r.cpu->quota = 50000;
  r.cpu->period = 100000;
  r.cpu->cpus = "1";
  r.pids_limit = 64;
  r.block_io = oci::BlockIoResources{};
  r.block_io->weight = 300;
  r.block_io->throttle_read_bps.push_back({8, 0, 1000});
  r.devices = {rule(false, "a", {}, {}, "rwm"), rule(true, "c", 1, 3, "rwm")};
  r.hugepage_limits = {{"2MB", 2097152}};
  m.apply(r);
  std::string mem = "memory/berth/c1/";
  EXPECT_EQ(fs.get(mem + "memory.limit_in_bytes"), "1048576");
  EXPECT_EQ(fs.get(mem + "memory.memsw.limit_in_bytes"), "2097152");
  EXPECT_EQ(fs.get(mem + "memory.soft_limit_in_bytes"), "4096");
  EXPECT_EQ(fs.get(mem + "memory.swappiness"), "0");
  EXPECT_EQ(fs.get(mem + "memory.oom_control"), "1");
  EXPECT_EQ(fs.get("cpu,cpuacct/berth/c1/cpu.shares"), "512");
  EXPECT_EQ(fs.get("cpu,cpuacct/berth/c1/cpu.cfs_quota_us"), "50000");
  EXPECT_EQ(fs.get("cpu,cpuacct/berth/c1/cpu.cfs_period_us"), "100000");
  EXPECT_EQ(fs.get("cpuset/berth/c1/cpuset.cpus"), "1");
  EXPECT_EQ(fs.get("cpuset/berth/c1/cpuset.mems"), "0");  // not given: left alone
  EXPECT_EQ(fs.get("pids/berth/c1/pids.max"), "64");
  EXPECT_EQ(fs.get("blkio/berth/c1/blkio.weight"), "300");
  EXPECT_EQ(fs.get("blkio/berth/c1/blkio.throttle.read_bps_device"), "8:0 1000");
  EXPECT_EQ(fs.get("devices/berth/c1/devices.deny"), "a");
  EXPECT_EQ(fs.get("devices/berth/c1/devices.allow"), "c 1:3 rwm");
  EXPECT_EQ(fs.get("hugetlb/berth/c1/hugetlb.2MB.limit_in_bytes"), "2097152");
  EXPECT_FALSE(fs.exists("hugetlb/berth/c1/hugetlb.2MB.rsvd.limit_in_bytes"));
}

TEST_F(V1Fake, ErrorNamesFileAndValue) {
  fs.mkdir("memory/x");
  v1::Manager m(roots(), "/x");
  oci::Resources r;
  r.pids_limit = 100;
  std::string msg = error_of([&] { m.apply(r); });
  EXPECT_EQ(msg, "cgroup: write 100 to " + fs.path("pids/x/pids.max") +
                     ": ENOENT (No such file or directory)");
}

TEST_F(V1Fake, MissingControllerIsAClearError) {
  v1::Manager m({{"cpu", fs.path("cpu")}}, "/x");
  oci::Resources r;
  r.memory = memory(100);
  EXPECT_NE(error_of([&] { m.apply(r); }).find("memory controller"), std::string::npos);
  oci::Resources u;
  u.unified["memory.high"] = "1";
  EXPECT_NE(error_of([&] { m.apply(u); }).find("cgroup v2"), std::string::npos);
}

TEST_F(V1Fake, AddProcessWritesEachHierarchyOnce) {
  populate("/c");
  for (const char* h : {"memory", "pids", "freezer", "devices", "blkio", "hugetlb", "cpuset",
                        "cpu,cpuacct", "systemd"}) {
    fs.put(std::string(h) + "/c/cgroup.procs");
  }
  v1::Manager m(roots(), "/c");
  m.add_process(1234);
  EXPECT_EQ(fs.get("systemd/c/cgroup.procs"), "1234");
  EXPECT_EQ(fs.get("cpu,cpuacct/c/cgroup.procs"), "1234");
  EXPECT_FALSE(fs.exists("cpu/c"));
}

TEST_F(V1Fake, FreezeAndThaw) {
  fs.put("freezer/c/freezer.state", "THAWED");
  v1::Manager m(roots(), "/c");
  EXPECT_FALSE(m.frozen());
  m.freeze();
  EXPECT_EQ(fs.get("freezer/c/freezer.state"), "FROZEN");
  EXPECT_TRUE(m.frozen());
  m.thaw();
  EXPECT_EQ(fs.get("freezer/c/freezer.state"), "THAWED");
}

TEST_F(V1Fake, PidsAreRecursive) {
  fs.put("freezer/c/cgroup.procs", "10\n11\n");
  fs.put("freezer/c/sub/cgroup.procs", "12\n");
  fs.put("memory/c/cgroup.procs", "99\n");
  v1::Manager m(roots(), "/c");
  auto pids = m.pids();
  std::sort(pids.begin(), pids.end());
  EXPECT_EQ(pids, (std::vector<pid_t>{10, 11, 12}));
}

TEST_F(V1Fake, DestroyRemovesLeafFirstAndToleratesGone) {
  fs.mkdir("memory/berth/c/sub/subsub");
  fs.mkdir("pids/berth/c");
  v1::Manager m(roots(), "/berth/c");
  m.destroy();
  EXPECT_FALSE(fs.exists("memory/berth/c"));
  EXPECT_FALSE(fs.exists("pids/berth/c"));
  EXPECT_TRUE(fs.exists("memory/berth"));  // shared parent stays
  EXPECT_NO_THROW(m.destroy());
}

TEST_F(V1Fake, JsonRoundTrip) {
  v1::Manager m(roots(), "/berth/c");
  auto loaded = load_manager(m.to_json());
  EXPECT_EQ(loaded->version(), Version::kV1);
  EXPECT_EQ(loaded->to_json(), m.to_json());
  auto* v1m = dynamic_cast<v1::Manager*>(loaded.get());
  ASSERT_NE(v1m, nullptr);
  EXPECT_EQ(v1m->dir("memory"), fs.path("memory") + "/berth/c");
}

TEST(V1Load, RejectsBadRecords) {
  EXPECT_THROW(load_manager(nlohmann::json::object()), Error);
  EXPECT_THROW(load_manager({{"version", "v3"}, {"path", "/x"}}), Error);
  EXPECT_THROW(load_manager({{"version", "v1"}, {"path", "/x"}, {"roots", 5}}), Error);
  EXPECT_THROW(load_manager({{"version", "v1"}, {"path", "/../x"}, {"roots", {{"a", "/b"}}}}),
               Error);
}

TEST(MakeManager, UsesTheDefaultPathAndCreatesNothing) {
  auto m = make_manager(read_host_cgroups(), "", "unit-test-id");
  EXPECT_EQ(m->to_json()["path"], "/berth/unit-test-id");
  EXPECT_EQ(m->version(), detect_version());
  EXPECT_THROW(make_manager(read_host_cgroups(), "/a/../b", "x"), Error);
}

}  // namespace
}  // namespace berth::cgroups

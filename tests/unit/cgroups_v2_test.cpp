// cgroup v2: conversions, each controller's plan, delegation, and the manager on a fake cgroupfs.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "cgroups_fake.hpp"
#include "runtime/cgroups/convert.hpp"
#include "runtime/cgroups/v2/controllers.hpp"
#include "runtime/cgroups/v2/manager.hpp"

namespace berth::cgroups {
namespace {

using testing::error_of;
using testing::FakeCgroupfs;

// --- conversions -------------------------------------------------------------------------

TEST(V2Convert, SharesToWeight) {
  EXPECT_EQ(shares_to_weight(0), 0u);
  EXPECT_EQ(shares_to_weight(2), 1u);
  EXPECT_EQ(shares_to_weight(1024), 39u);
  EXPECT_EQ(shares_to_weight(262144), 10000u);
  EXPECT_EQ(shares_to_weight(1), 1u);             // clamped, no underflow
  EXPECT_EQ(shares_to_weight(1u << 30), 10000u);  // clamped
}

TEST(V2Convert, BlkioToIoWeight) {
  EXPECT_EQ(blkio_to_io_weight(0), 0u);
  EXPECT_EQ(blkio_to_io_weight(10), 1u);
  EXPECT_EQ(blkio_to_io_weight(500), 4950u);
  EXPECT_EQ(blkio_to_io_weight(1000), 10000u);
  EXPECT_EQ(blkio_to_io_weight(5), 1u);
}

TEST(V2Convert, SwapIsMemswMinusMemory) {
  EXPECT_EQ(v2_swap(300, 100), 200);
  EXPECT_EQ(v2_swap(100, 100), 0);
  EXPECT_EQ(v2_swap(0, -1), -1);
  EXPECT_EQ(v2_swap(-1, 100), -1);
  EXPECT_EQ(v2_swap(0, 100), 0);
  EXPECT_THROW(v2_swap(300, 0), Error);
  EXPECT_THROW(v2_swap(300, -1), Error);
  EXPECT_THROW(v2_swap(50, 100), Error);
}

TEST(V2Convert, LimitsAndPids) {
  EXPECT_EQ(v2_limit(0), "");
  EXPECT_EQ(v2_limit(-1), "max");
  EXPECT_EQ(v2_limit(4096), "4096");
  EXPECT_EQ(pids_max(0), "max");
  EXPECT_EQ(pids_max(-1), "max");
  EXPECT_EQ(pids_max(7), "7");
}

// --- plans -------------------------------------------------------------------------------

oci::MemoryResources memory(int64_t limit, std::optional<int64_t> swap = {}) {
  oci::MemoryResources m;
  m.limit = limit;
  m.swap = swap;
  return m;
}

TEST(V2Memory, SwapThenMax) {
  Plan want = {{"memory.swap.max", "200"}, {"memory.max", "100"}};
  EXPECT_EQ(v2::plan_memory(memory(100, 300)), want);
}

TEST(V2Memory, SwapEqualToLimitDisablesSwap) {
  Plan want = {{"memory.swap.max", "0", true}, {"memory.max", "100"}};
  EXPECT_EQ(v2::plan_memory(memory(100, 100)), want);
}

TEST(V2Memory, UnlimitedMemoryUnlimitsSwap) {
  Plan want = {{"memory.swap.max", "max", true}, {"memory.max", "max"}};
  EXPECT_EQ(v2::plan_memory(memory(-1)), want);
}

TEST(V2Memory, ReservationIsLowAndBadSwapThrows) {
  oci::MemoryResources m;
  m.reservation = 4096;
  m.swappiness = 10;  // no v2 knob: ignored
  EXPECT_EQ(v2::plan_memory(m), (Plan{{"memory.low", "4096"}}));
  EXPECT_THROW(v2::plan_memory(memory(100, 50)), Error);
}

TEST(V2Cpu, WeightAndMax) {
  oci::CpuResources c;
  c.shares = 1024;
  c.quota = 50000;
  c.period = 100000;
  c.idle = 0;
  Plan want = {{"cpu.weight", "39"}, {"cpu.max", "50000 100000"}, {"cpu.idle", "0"}};
  EXPECT_EQ(v2::plan_cpu(c), want);
}

TEST(V2Cpu, MaxForms) {
  oci::CpuResources c;
  c.quota = -1;
  c.period = 100000;
  EXPECT_EQ(v2::plan_cpu(c), (Plan{{"cpu.max", "max 100000"}}));
  c.period.reset();
  c.quota = 20000;
  EXPECT_EQ(v2::plan_cpu(c), (Plan{{"cpu.max", "20000"}}));
  c.quota.reset();
  c.period = 50000;
  EXPECT_EQ(v2::plan_cpu(c), (Plan{{"cpu.max", "max 50000"}}));
  c.period.reset();
  c.realtime_runtime = 5;  // not on v2: skipped
  EXPECT_TRUE(v2::plan_cpu(c).empty());
}

TEST(V2Cpuset, Plan) {
  oci::CpuResources c;
  c.cpus = "0";
  c.mems = "0";
  EXPECT_EQ(v2::plan_cpuset(c), (Plan{{"cpuset.cpus", "0"}, {"cpuset.mems", "0"}}));
}

oci::BlockIoResources blkio() {
  oci::BlockIoResources b;
  b.weight = 500;
  b.weight_device.push_back({8, 0, 1000, {}});
  b.throttle_read_bps.push_back({8, 0, 1048576});
  b.throttle_write_bps.push_back({8, 0, 2048});
  b.throttle_read_iops.push_back({8, 16, 100});
  b.throttle_write_iops.push_back({8, 16, 50});
  return b;
}

TEST(V2Io, ConvertedWeightAndMax) {
  Plan want = {{"io.weight", "4950"},          {"io.weight", "8:0 10000"},
               {"io.max", "8:0 rbps=1048576"}, {"io.max", "8:0 wbps=2048"},
               {"io.max", "8:16 riops=100"},   {"io.max", "8:16 wiops=50"}};
  EXPECT_EQ(v2::plan_io(blkio(), false), want);
}

TEST(V2Io, BfqTakesBlkioWeights) {
  Plan plan = v2::plan_io(blkio(), true);
  EXPECT_EQ(plan[0], (Write{"io.bfq.weight", "500"}));
  EXPECT_EQ(plan[1], (Write{"io.bfq.weight", "8:0 1000"}));
}

TEST(V2Hugetlb, MaxAndOptionalReservation) {
  Plan want = {{"hugetlb.1GB.max", "1073741824"}, {"hugetlb.1GB.rsvd.max", "1073741824", true}};
  EXPECT_EQ(v2::plan_hugetlb({{"1GB", 1073741824}}), want);
  EXPECT_THROW(v2::plan_hugetlb({{"1GB/../../x", 1}}), Error);
}

// --- the manager on a fake cgroupfs ------------------------------------------------------

TEST(V2Create, DelegatesAvailableControllers) {
  FakeCgroupfs fs;
  fs.put("cgroup.controllers", "cpu io memory pids\n");
  fs.put("cgroup.subtree_control");
  fs.put("berth/cgroup.controllers", "memory pids\n");
  fs.put("berth/cgroup.subtree_control");
  v2::Manager m(fs.root(), "/berth/c1");
  m.create();
  EXPECT_TRUE(fs.exists("berth/c1"));
  EXPECT_EQ(fs.get("cgroup.subtree_control"), "+cpu +io +memory +pids");
  EXPECT_EQ(fs.get("berth/cgroup.subtree_control"), "+memory +pids");
  EXPECT_FALSE(fs.exists("berth/c1/cgroup.subtree_control"));  // the leaf is not touched
}

TEST(V2Create, WithNoControllersWritesNothing) {
  FakeCgroupfs fs;
  fs.put("cgroup.controllers", "");
  fs.put("cgroup.subtree_control");
  v2::Manager m(fs.root(), "c1");
  m.create();
  EXPECT_TRUE(fs.exists("c1"));
  EXPECT_EQ(fs.get("cgroup.subtree_control"), "");
}

class V2Fake : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* f : {"memory.max", "memory.low", "memory.swap.max", "cpu.weight", "cpu.max",
                          "cpuset.cpus", "cpuset.mems", "pids.max", "io.weight", "io.max",
                          "hugetlb.2MB.max", "memory.high", "cgroup.procs", "cgroup.freeze"}) {
      fs.put(std::string("c/") + f);
    }
  }
  FakeCgroupfs fs;
  v2::Manager m{fs.root(), "/c"};
};

TEST_F(V2Fake, ApplyWritesEveryKnob) {
  oci::Resources r;
  r.memory = memory(100 << 20, 200 << 20);
  r.memory->reservation = 50 << 20;
  r.cpu = oci::CpuResources{};
  r.cpu->shares = 2;
  r.cpu->quota = 10000;
  r.cpu->period = 100000;
  r.cpu->cpus = "0-1";
  r.cpu->mems = "0";
  r.pids_limit = -1;
  r.block_io = oci::BlockIoResources{};
  r.block_io->weight = 1000;
  r.block_io->throttle_write_bps.push_back({253, 1, 4096});
  r.hugepage_limits = {{"2MB", 2097152}};
  r.devices = {{false, "a", {}, {}, "rwm"}};  // checked; not attached: the fake is not cgroup2
  r.unified["memory.high"] = "90000000";
  m.apply(r);
  EXPECT_EQ(fs.get("c/memory.max"), "104857600");
  EXPECT_EQ(fs.get("c/memory.swap.max"), "104857600");
  EXPECT_EQ(fs.get("c/memory.low"), "52428800");
  EXPECT_EQ(fs.get("c/cpu.weight"), "1");
  EXPECT_EQ(fs.get("c/cpu.max"), "10000 100000");
  EXPECT_EQ(fs.get("c/cpuset.cpus"), "0-1");
  EXPECT_EQ(fs.get("c/cpuset.mems"), "0");
  EXPECT_EQ(fs.get("c/pids.max"), "max");
  EXPECT_EQ(fs.get("c/io.weight"), "10000");
  EXPECT_EQ(fs.get("c/io.max"), "253:1 wbps=4096");
  EXPECT_EQ(fs.get("c/hugetlb.2MB.max"), "2097152");
  EXPECT_FALSE(fs.exists("c/hugetlb.2MB.rsvd.max"));
  EXPECT_EQ(fs.get("c/memory.high"), "90000000");
  EXPECT_FALSE(fs.exists("c/devices.allow"));
}

TEST_F(V2Fake, MissingSwapKnobIsFineForMaxOnly) {
  std::filesystem::remove(fs.path("c/memory.swap.max"));
  oci::Resources r;
  r.memory = memory(-1);
  EXPECT_NO_THROW(m.apply(r));
  r.memory = memory(100, 300);
  EXPECT_NE(error_of([&] { m.apply(r); }).find("memory.swap.max"), std::string::npos);
}

TEST_F(V2Fake, UnifiedErrorsNameTheKey) {
  oci::Resources r;
  r.unified["memory.oom.group"] = "1";
  EXPECT_EQ(error_of([&] { m.apply(r); }), "cgroup: unified key \"memory.oom.group\": write 1 to " +
                                               fs.path("c/memory.oom.group") +
                                               ": ENOENT (No such file or directory)");
  oci::Resources bad;
  bad.unified["../escape"] = "1";
  EXPECT_NE(error_of([&] { m.apply(bad); }).find("../escape"), std::string::npos);
  EXPECT_FALSE(fs.exists("escape"));
}

TEST_F(V2Fake, AddProcessAndPids) {
  m.add_process(4321);
  EXPECT_EQ(fs.get("c/cgroup.procs"), "4321");
  fs.put("c/cgroup.procs", "1\n2\n");
  fs.put("c/a/cgroup.procs", "3\n");
  fs.put("c/a/b/cgroup.procs", "4\n");
  auto pids = m.pids();
  std::sort(pids.begin(), pids.end());
  EXPECT_EQ(pids, (std::vector<pid_t>{1, 2, 3, 4}));
}

TEST_F(V2Fake, FreezeWaitsForEvents) {
  fs.put("c/cgroup.events", "populated 1\nfrozen 1\n");
  m.freeze();
  EXPECT_EQ(fs.get("c/cgroup.freeze"), "1");
  EXPECT_TRUE(m.frozen());
  fs.put("c/cgroup.events", "populated 1\nfrozen 0\n");
  m.thaw();
  EXPECT_EQ(fs.get("c/cgroup.freeze"), "0");
  EXPECT_FALSE(m.frozen());
}

TEST(V2Destroy, RemovesLeafFirstAndToleratesGone) {
  FakeCgroupfs fs;
  fs.mkdir("berth/c/x/y");
  v2::Manager m(fs.root(), "/berth/c");
  m.destroy();
  EXPECT_FALSE(fs.exists("berth/c"));
  EXPECT_TRUE(fs.exists("berth"));
  EXPECT_NO_THROW(m.destroy());
}

TEST(V2Json, RoundTrip) {
  v2::Manager m("/some/root", "berth/c");
  auto loaded = load_manager(m.to_json());
  EXPECT_EQ(loaded->version(), Version::kV2);
  EXPECT_EQ(loaded->to_json(), m.to_json());
  auto* v2m = dynamic_cast<v2::Manager*>(loaded.get());
  ASSERT_NE(v2m, nullptr);
  EXPECT_EQ(v2m->dir(), "/some/root/berth/c");
  EXPECT_THROW(load_manager({{"version", "v2"}, {"path", "/c"}}), Error);
}

TEST(V2Path, RejectsDotDot) { EXPECT_THROW(v2::Manager("/r", "a/../../b"), Error); }

}  // namespace
}  // namespace berth::cgroups

// cgroup managers against the real kernel: needs root; skipped otherwise. Each test makes a
// uniquely named cgroup and removes it (and its child process) even when an assertion fails.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <linux/magic.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <set>
#include <thread>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "runtime/cgroups/knobs.hpp"
#include "runtime/cgroups/v1/manager.hpp"
#include "runtime/cgroups/v2/manager.hpp"
#include "runtime/spawn.hpp"

namespace berth::cgroups {
namespace {

using namespace std::chrono_literals;

std::string unique_path() {
  static int n = 0;
  return fmt::format("/berth-test-{}-{}", ::getpid(), n++);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A child that bumps a shared counter every millisecond: a frozen child stops counting.
class CountingChild {
 public:
  CountingChild() {
    void* mem = ::mmap(nullptr, sizeof(std::atomic<uint64_t>), PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) throw Error::last_errno("mmap");
    counter_ = new (mem) std::atomic<uint64_t>(0);
    pid_ = ::fork();
    if (pid_ < 0) throw Error::last_errno("fork");
    if (pid_ == 0) {
      for (;;) {
        counter_->fetch_add(1);
        ::usleep(1000);
      }
    }
  }
  ~CountingChild() {
    kill();
    reap();
    ::munmap(counter_, sizeof *counter_);
  }
  pid_t pid() const { return pid_; }
  void kill() const {
    if (pid_ > 0) ::kill(pid_, SIGKILL);
  }
  void reap() {
    if (pid_ > 0) ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  bool counting() const {
    uint64_t before = counter_->load();
    std::this_thread::sleep_for(100ms);
    return counter_->load() != before;
  }

 private:
  std::atomic<uint64_t>* counter_ = nullptr;
  pid_t pid_ = -1;
};

// Shared by the v1 and v2 fixtures: skip without root, clean up whatever a test left.
class LiveTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (manager_) {
      // Frozen tasks cannot die before they are thawed (v1 freezer).
      try {
        if (manager_->frozen()) manager_->thaw();
      } catch (const Error&) {
      }
    }
    child_.reset();
    if (manager_) {
      try {
        manager_->destroy();
      } catch (const Error& e) {
        ADD_FAILURE() << "cleanup: " << e.what();
      }
    }
    for (const auto& d : dirs_) EXPECT_FALSE(path_exists(d)) << d << " leaked";
  }
  void expect_gone() const {
    for (const auto& d : dirs_) EXPECT_FALSE(path_exists(d)) << d;
  }
  void expect_freeze_stops_child() {
    ASSERT_TRUE(child_->counting());
    manager_->freeze();
    EXPECT_TRUE(manager_->frozen());
    EXPECT_FALSE(child_->counting()) << "frozen child kept running";
    manager_->thaw();
    EXPECT_FALSE(manager_->frozen());
    EXPECT_TRUE(child_->counting()) << "thawed child did not resume";
  }

  std::string path_ = unique_path();
  std::unique_ptr<Manager> manager_;
  std::unique_ptr<CountingChild> child_;
  std::vector<std::string> dirs_;  // every directory the test's cgroup has
};

// --- v1 ----------------------------------------------------------------------------------

class LiveV1 : public LiveTest {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    if (detect_version() != Version::kV1) GTEST_SKIP() << "host is not cgroup v1";
    auto m = std::make_unique<v1::Manager>(v1::find_roots(), path_);
    for (const char* c : {"memory", "pids", "cpu", "freezer"}) {
      if (m->dir(c).empty()) GTEST_SKIP() << c << " controller not mounted";
    }
    for (const auto& [controller, root] : v1::find_roots()) dirs_.push_back(root + path_);
    v1_ = m.get();
    manager_ = std::move(m);
  }
  std::string knob(const char* controller, const char* file) const {
    return read_knob(v1_->dir(controller) + "/" + file);
  }

  v1::Manager* v1_ = nullptr;
};

oci::Resources limits(int64_t memory, int64_t swap) {
  oci::Resources r;
  r.memory = oci::MemoryResources{};
  r.memory->limit = memory;
  r.memory->swap = swap;
  return r;
}

TEST_F(LiveV1, LimitsMembershipFreezeAndCleanup) {
  manager_->create();
  for (const auto& d : dirs_) EXPECT_TRUE(path_exists(d)) << d;
  oci::Resources r = limits(64 << 20, 128 << 20);
  r.pids_limit = 32;
  r.cpu = oci::CpuResources{};
  r.cpu->shares = 512;
  r.cpu->quota = 50000;
  r.cpu->period = 100000;
  r.devices = {{false, "", {}, {}, "rwm"}, {true, "c", 1, 3, "rwm"}};
  manager_->apply(r);
  EXPECT_EQ(knob("memory", "memory.limit_in_bytes"), std::to_string(64 << 20));
  if (path_exists(v1_->dir("memory") + "/memory.memsw.limit_in_bytes")) {
    EXPECT_EQ(knob("memory", "memory.memsw.limit_in_bytes"), std::to_string(128 << 20));
  }
  EXPECT_EQ(knob("pids", "pids.max"), "32");
  EXPECT_EQ(knob("cpu", "cpu.shares"), "512");
  EXPECT_EQ(knob("cpu", "cpu.cfs_quota_us"), "50000");
  EXPECT_EQ(knob("cpu", "cpu.cfs_period_us"), "100000");
  if (!v1_->dir("devices").empty()) {
    EXPECT_EQ(knob("devices", "devices.list"), "c 1:3 rwm");
  }
  if (!v1_->dir("cpuset").empty()) {
    EXPECT_NE(knob("cpuset", "cpuset.cpus"), "");
  }

  child_ = std::make_unique<CountingChild>();
  manager_->add_process(child_->pid());
  std::string membership = slurp(fmt::format("/proc/{}/cgroup", child_->pid()));
  EXPECT_NE(membership.find(":memory:" + path_ + "\n"), std::string::npos) << membership;
  EXPECT_NE(membership.find(":pids:" + path_ + "\n"), std::string::npos) << membership;
  EXPECT_NE(membership.find(":freezer:" + path_ + "\n"), std::string::npos) << membership;
  EXPECT_EQ(manager_->pids(), std::vector<pid_t>{child_->pid()});

  expect_freeze_stops_child();
  EXPECT_EQ(knob("freezer", "freezer.state"), "THAWED");

  // Destroy right after SIGKILL: the dying task keeps the cgroup busy for a moment.
  child_->kill();
  manager_->destroy();
  child_->reap();
  expect_gone();
}

// A forked child that places itself (cgroups::place_self), says so on a pipe, then waits.
pid_t fork_self_placing_child(Placement& placement) {
  int ready[2];
  if (::pipe(ready) != 0) throw Error::last_errno("pipe");
  pid_t pid = ::fork();
  if (pid < 0) throw Error::last_errno("fork");
  if (pid == 0) {
    try {
      place_self(placement);
    } catch (const Error&) {
      ::_exit(3);
    }
    (void)!::write(ready[1], "x", 1);
    ::pause();
    ::_exit(0);
  }
  ::close(ready[1]);
  char c;
  ssize_t n = ::read(ready[0], &c, 1);
  ::close(ready[0]);
  if (n != 1) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    throw Error(fmt::format("child did not place itself (status {})", status));
  }
  return pid;
}

// destroy() removes a cgroup at once when it is empty, and first the cgroups made inside it
// (by the container, e.g. systemd or a nested runtime) when it is not.
TEST_F(LiveV1, DestroyRemovesCgroupsMadeInsideTheContainersToo) {
  manager_->create();
  for (const auto& d : dirs_) {
    ASSERT_EQ(::mkdir((d + "/inner").c_str(), 0755), 0) << d;
    ASSERT_EQ(::mkdir((d + "/inner/deeper").c_str(), 0755), 0) << d;
  }
  manager_->destroy();
  expect_gone();
  manager_->create();  // and the plain case: nothing inside
  manager_->destroy();
  expect_gone();
}

TEST_F(LiveV1, PlacementLetsTheChildMoveItselfIntoEveryHierarchy) {
  manager_->create();
  Placement placement = manager_->open_placement();
  EXPECT_FALSE(placement.clone_into);
  EXPECT_FALSE(placement.needs_parent_add());
  std::set<std::string> hierarchies;
  for (const auto& [controller, root] : v1::find_roots()) hierarchies.insert(root);
  ASSERT_EQ(placement.tasks_files.size(), hierarchies.size());
  for (const auto& f : placement.tasks_files) EXPECT_TRUE(f.path.ends_with(path_ + "/tasks")) << f.path;

  pid_t pid = fork_self_placing_child(placement);
  std::string membership = slurp(fmt::format("/proc/{}/cgroup", pid));
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  for (const char* c : {"memory", "pids", "freezer", "cpu"})
    EXPECT_NE(membership.find(std::string(":") + c), std::string::npos) << membership;
  size_t in_ours = 0;
  for (size_t at = 0; (at = membership.find(":" + path_ + "\n", at)) != std::string::npos; ++at) ++in_ours;
  EXPECT_EQ(in_ours, hierarchies.size()) << membership;
  EXPECT_TRUE(manager_->pids().empty());
}

TEST_F(LiveV1, PlacementOfAMissingCgroupNamesTheFile) {
  try {
    manager_->open_placement();  // never created
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path_ + "/tasks"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
  }
}

TEST_F(LiveV1, MemoryUpdatesInEitherDirectionDespiteMemsw) {
  manager_->create();
  if (!path_exists(v1_->dir("memory") + "/memory.memsw.limit_in_bytes")) {
    GTEST_SKIP() << "no swap accounting";
  }
  manager_->apply(limits(64 << 20, 128 << 20));
  // Lowering: new memsw (48M) is below the current limit (64M), so the limit must go first.
  manager_->apply(limits(32 << 20, 48 << 20));
  EXPECT_EQ(knob("memory", "memory.limit_in_bytes"), std::to_string(32 << 20));
  EXPECT_EQ(knob("memory", "memory.memsw.limit_in_bytes"), std::to_string(48 << 20));
  // Raising: the new limit (256M) is above the current memsw (48M), so memsw must go first.
  manager_->apply(limits(256 << 20, 512 << 20));
  EXPECT_EQ(knob("memory", "memory.limit_in_bytes"), std::to_string(256 << 20));
  EXPECT_EQ(knob("memory", "memory.memsw.limit_in_bytes"), std::to_string(512 << 20));
}

TEST_F(LiveV1, RoundTripActsOnTheSameCgroup) {
  manager_->create();
  auto again = load_manager(manager_->to_json());
  oci::Resources r;
  r.pids_limit = 7;
  again->apply(r);
  EXPECT_EQ(knob("pids", "pids.max"), "7");
}

// --- v2, in the hybrid host's empty unified hierarchy ------------------------------------

constexpr const char* kUnified = "/sys/fs/cgroup/unified";

bool is_cgroup2(const char* path) {
  struct statfs fs;
  return ::statfs(path, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

class LiveV2 : public LiveTest {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    std::string root = detect_version() == Version::kV2 ? v2::kDefaultRoot : kUnified;
    if (!is_cgroup2(root.c_str())) GTEST_SKIP() << "no cgroup2 mount at " << root;
    manager_ = std::make_unique<v2::Manager>(root, path_);
    dirs_.push_back(root + path_);
  }
};

TEST_F(LiveV2, MembershipFreezeAndCleanup) {
  manager_->create();
  ASSERT_TRUE(path_exists(dirs_[0]));
  oci::Resources r;
  r.devices = {{false, "", {}, {}, "rwm"}};  // attached as an eBPF device program
  EXPECT_NO_THROW(manager_->apply(r));

  child_ = std::make_unique<CountingChild>();
  manager_->add_process(child_->pid());
  std::string membership = slurp(fmt::format("/proc/{}/cgroup", child_->pid()));
  EXPECT_NE(membership.find("0::" + path_ + "\n"), std::string::npos) << membership;
  EXPECT_EQ(manager_->pids(), std::vector<pid_t>{child_->pid()});

  expect_freeze_stops_child();
  EXPECT_EQ(read_knob(dirs_[0] + "/cgroup.freeze"), "0");

  child_->kill();
  manager_->destroy();
  child_->reap();
  expect_gone();
}

TEST_F(LiveV2, CloneIntoCgroupStartsTheChildThere) {
  manager_->create();
  Placement placement = manager_->open_placement();
  ASSERT_TRUE(placement.clone_into);
  EXPECT_TRUE(placement.tasks_files.empty());
  pid_t pid = runtime::spawn_in_namespaces({}, oci::Spec{}, [] { ::pause(); }, &placement);
  EXPECT_TRUE(placement.placed_by_clone);
  EXPECT_FALSE(placement.needs_parent_add());
  std::string membership = slurp(fmt::format("/proc/{}/cgroup", pid));
  std::vector<pid_t> pids = manager_->pids();
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  EXPECT_NE(membership.find("0::" + path_ + "\n"), std::string::npos) << membership;
  EXPECT_EQ(pids, std::vector<pid_t>{pid});
}

TEST_F(LiveV2, NestedCgroupsAreRemovedLeafFirst) {
  manager_->create();
  v2::Manager inner(dirs_[0].substr(0, dirs_[0].size() - path_.size()), path_ + "/inner");
  inner.create();
  ASSERT_TRUE(path_exists(dirs_[0] + "/inner"));
  manager_->destroy();
  expect_gone();
}

}  // namespace
}  // namespace berth::cgroups

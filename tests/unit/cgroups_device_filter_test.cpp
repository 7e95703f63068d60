// cgroup v2 device filter: the planned BPF program, run by a tiny interpreter of the
// instructions it uses (no root), and the real program on a live cgroup (root).
#include <fcntl.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <signal.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "runtime/cgroups/v2/device_filter.hpp"
#include "runtime/cgroups/v2/manager.hpp"

namespace berth::cgroups {
namespace {

using v2::DeviceProgram;
using v2::plan_device_filter;

// --- an interpreter for the subset plan_device_filter emits --------------------------------

enum class Type : uint32_t { kBlock = BPF_DEVCG_DEV_BLOCK, kChar = BPF_DEVCG_DEV_CHAR };
constexpr uint32_t kR = BPF_DEVCG_ACC_READ, kW = BPF_DEVCG_ACC_WRITE, kM = BPF_DEVCG_ACC_MKNOD;

// Runs `program` on one access; throws std::runtime_error on anything the kernel's verifier
// would refuse that we can see here: an unknown opcode, a jump out of the program, a read of
// an uninitialised register or outside the context, falling off the end.
uint64_t run(const DeviceProgram& program, Type type, uint32_t major, uint32_t minor,
             uint32_t access) {
  bpf_cgroup_dev_ctx ctx{static_cast<uint32_t>(type) | (access << 16), major, minor};
  uint64_t reg[11] = {};
  bool set[11] = {false, true};  // r1: the context
  auto get = [&](int r) {
    if (!set[r]) throw std::runtime_error(fmt::format("read of uninitialised r{}", r));
    return reg[r];
  };
  auto put = [&](int r, uint64_t v) {
    reg[r] = v;
    set[r] = true;
  };
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const bpf_insn& i = program[pc];
    int dst = i.dst_reg, src = i.src_reg;
    int64_t imm = i.imm;  // sign-extended, as the kernel does for 64-bit operations
    switch (i.code) {
      case BPF_LDX | BPF_MEM | BPF_W: {
        if (src != BPF_REG_1 || i.off < 0 || i.off % 4 || i.off + 4 > int(sizeof ctx)) {
          throw std::runtime_error(fmt::format("bad load at {}", pc));
        }
        uint32_t v;
        std::memcpy(&v, reinterpret_cast<const char*>(&ctx) + i.off, 4);
        put(dst, v);
        break;
      }
      case BPF_ALU64 | BPF_MOV | BPF_K: put(dst, imm); break;
      case BPF_ALU64 | BPF_MOV | BPF_X: put(dst, get(src)); break;
      case BPF_ALU64 | BPF_AND | BPF_K: put(dst, get(dst) & imm); break;
      case BPF_ALU64 | BPF_RSH | BPF_K: put(dst, get(dst) >> imm); break;
      case BPF_JMP | BPF_JNE | BPF_K:
      case BPF_JMP | BPF_JNE | BPF_X: {
        uint64_t other = (i.code & BPF_X) ? get(src) : static_cast<uint64_t>(imm);
        if (i.off < 0 || pc + 1 + i.off >= program.size()) {
          throw std::runtime_error(fmt::format("jump out of the program at {}", pc));
        }
        if (get(dst) != other) pc += i.off;
        break;
      }
      case BPF_JMP | BPF_EXIT: return get(BPF_REG_0);
      default: throw std::runtime_error(fmt::format("unknown opcode {:#x} at {}", i.code, pc));
    }
  }
  throw std::runtime_error("fell off the end of the program");
}

// Every instruction reachable, as the verifier demands: no dead code after an unconditional
// exit unless a jump lands there.
void expect_no_dead_code(const DeviceProgram& program) {
  std::vector<bool> reached(program.size(), false);
  reached[0] = true;
  for (size_t pc = 0; pc < program.size(); ++pc) {
    if (!reached[pc]) {
      ADD_FAILURE() << "unreachable instruction " << pc;
      return;
    }
    const bpf_insn& i = program[pc];
    if (i.code == (BPF_JMP | BPF_EXIT)) continue;
    if (pc + 1 < program.size()) reached[pc + 1] = true;
    if (BPF_CLASS(i.code) == BPF_JMP && pc + 1 + i.off < program.size()) {
      reached[pc + 1 + i.off] = true;
    }
  }
  EXPECT_EQ(program.back().code, BPF_JMP | BPF_EXIT);
}

bool allowed(const DeviceProgram& p, Type t, uint32_t major, uint32_t minor, uint32_t access) {
  return run(p, t, major, minor, access) == 1;
}

oci::DeviceRule rule(bool allow, std::string type, std::optional<int64_t> major,
                     std::optional<int64_t> minor, std::string access) {
  return {allow, std::move(type), major, minor, std::move(access)};
}
const oci::DeviceRule kDenyAll = rule(false, "a", {}, {}, "rwm");

constexpr Type kC = Type::kChar, kB = Type::kBlock;

// --- plans ---------------------------------------------------------------------------------

TEST(DeviceFilter, NoRulesDeniesEverything) {
  DeviceProgram p = plan_device_filter({});
  expect_no_dead_code(p);
  EXPECT_EQ(p.size(), 8u);  // prologue (6), r0 = 0, exit
  EXPECT_FALSE(allowed(p, kC, 1, 3, kR));
  EXPECT_FALSE(allowed(p, kB, 8, 0, kR | kW | kM));
}

TEST(DeviceFilter, DenyAllIsOneUnconditionalBlock) {
  for (const char* type : {"a", ""}) {
    DeviceProgram p = plan_device_filter({rule(false, type, {}, {}, "rwm")});
    expect_no_dead_code(p);
    ASSERT_EQ(p.size(), 8u);
    EXPECT_EQ(p[6].code, BPF_ALU64 | BPF_MOV | BPF_K);
    EXPECT_EQ(p[6].dst_reg, BPF_REG_0);
    EXPECT_EQ(p[6].imm, 0);
    EXPECT_FALSE(allowed(p, kC, 1, 3, kR));
  }
}

TEST(DeviceFilter, DenyAllThenAllowDevNull) {
  DeviceProgram p = plan_device_filter({kDenyAll, rule(true, "c", 1, 3, "rwm")});
  expect_no_dead_code(p);
  // prologue, then the allow block (type, major, minor tests; r0 = 1; exit), then deny-all:
  // the default is unreachable and left out.
  ASSERT_EQ(p.size(), 6u + 5u + 2u);
  EXPECT_EQ(p[6].code, BPF_JMP | BPF_JNE | BPF_K);
  EXPECT_EQ(p[6].imm, BPF_DEVCG_DEV_CHAR);
  EXPECT_EQ(p[6].off, 4);  // to the deny-all block
  EXPECT_EQ(p[9].imm, 1);
  EXPECT_TRUE(allowed(p, kC, 1, 3, kR));
  EXPECT_TRUE(allowed(p, kC, 1, 3, kR | kW | kM));
  EXPECT_FALSE(allowed(p, kC, 1, 5, kR));  // /dev/zero
  EXPECT_FALSE(allowed(p, kC, 3, 1, kR));  // minor and major swapped
  EXPECT_FALSE(allowed(p, kB, 1, 3, kR));  // same numbers, block device
}

TEST(DeviceFilter, LastMatchingRuleWins) {
  DeviceProgram p = plan_device_filter({kDenyAll, rule(true, "c", 1, {}, "rwm"),
                                        rule(false, "c", 1, 5, "rwm"),
                                        rule(true, "c", 1, 5, "r")});
  expect_no_dead_code(p);
  EXPECT_TRUE(allowed(p, kC, 1, 3, kW));    // c 1:* rwm
  EXPECT_TRUE(allowed(p, kC, 1, 5, kR));    // the last rule re-allows reading 1:5
  EXPECT_FALSE(allowed(p, kC, 1, 5, kW));   // writing 1:5: the deny before it
  EXPECT_FALSE(allowed(p, kC, 2, 5, kR));   // deny all
}

TEST(DeviceFilter, WildcardMajorsAndMinors) {
  DeviceProgram p = plan_device_filter({kDenyAll, rule(true, "c", {}, {}, "m"),
                                        rule(true, "b", -1, -1, "m"),
                                        rule(true, "c", 136, {}, "rwm"),
                                        rule(true, "c", -1, 7, "r")});
  expect_no_dead_code(p);
  EXPECT_TRUE(allowed(p, kC, 42, 42, kM));  // mknod any char device
  EXPECT_TRUE(allowed(p, kB, 8, 1, kM));    // mknod any block device
  EXPECT_FALSE(allowed(p, kC, 42, 42, kR));
  EXPECT_TRUE(allowed(p, kC, 136, 0, kR | kW));  // ptys
  EXPECT_TRUE(allowed(p, kC, 136, 99, kW));
  EXPECT_TRUE(allowed(p, kC, 9, 7, kR));  // any major, minor 7, read only
  EXPECT_FALSE(allowed(p, kC, 9, 7, kW));
  EXPECT_FALSE(allowed(p, kC, 9, 8, kR));
}

TEST(DeviceFilter, BlockAndCharAreDistinct) {
  DeviceProgram p = plan_device_filter({kDenyAll, rule(true, "b", 8, 0, "rw")});
  EXPECT_TRUE(allowed(p, kB, 8, 0, kR));
  EXPECT_FALSE(allowed(p, kC, 8, 0, kR));
  p = plan_device_filter({kDenyAll, rule(true, "a", 8, 0, "rw")});  // "a" with numbers: both
  EXPECT_TRUE(allowed(p, kB, 8, 0, kR));
  EXPECT_TRUE(allowed(p, kC, 8, 0, kW));
  EXPECT_FALSE(allowed(p, kC, 8, 1, kW));
}

TEST(DeviceFilter, AccessSubsets) {
  DeviceProgram p = plan_device_filter({kDenyAll, rule(true, "c", 1, 3, "rw")});
  // The access test: r1 = r3; r1 &= allowed; if r1 != r3 goto next.
  EXPECT_EQ(p[7].code, BPF_ALU64 | BPF_MOV | BPF_X);
  EXPECT_EQ(p[8].code, BPF_ALU64 | BPF_AND | BPF_K);
  EXPECT_EQ(p[8].imm, static_cast<int32_t>(kR | kW));
  EXPECT_EQ(p[9].code, BPF_JMP | BPF_JNE | BPF_X);
  EXPECT_TRUE(allowed(p, kC, 1, 3, kR));
  EXPECT_TRUE(allowed(p, kC, 1, 3, kW));
  EXPECT_TRUE(allowed(p, kC, 1, 3, kR | kW));
  EXPECT_FALSE(allowed(p, kC, 1, 3, kM));
  EXPECT_FALSE(allowed(p, kC, 1, 3, kR | kM));  // every requested bit must be allowed

  p = plan_device_filter({kDenyAll, rule(true, "c", 1, 3, "")});  // empty access: rwm
  EXPECT_TRUE(allowed(p, kC, 1, 3, kR | kW | kM));
}

TEST(DeviceFilter, AllowAllAfterDenyAllowsEverything) {
  DeviceProgram p = plan_device_filter({kDenyAll, rule(true, "a", {}, {}, "rwm")});
  expect_no_dead_code(p);
  EXPECT_EQ(p.size(), 8u);  // the allow-all block decides; nothing after it
  EXPECT_TRUE(allowed(p, kB, 259, 0, kR | kW | kM));
}

TEST(DeviceFilter, DenyAfterAllowAll) {
  DeviceProgram p = plan_device_filter({rule(true, "a", {}, {}, "rwm"),
                                        rule(false, "c", 5, 1, "w")});
  expect_no_dead_code(p);
  EXPECT_FALSE(allowed(p, kC, 5, 1, kW));
  EXPECT_TRUE(allowed(p, kC, 5, 1, kR));  // only writing was denied
  EXPECT_TRUE(allowed(p, kB, 5, 1, kW));
}

TEST(DeviceFilter, InvalidRulesAreRefused) {
  EXPECT_THROW(plan_device_filter({rule(true, "p", 1, 3, "rwm")}), Error);
  EXPECT_THROW(plan_device_filter({rule(true, "c", 1, 3, "rwx")}), Error);
  EXPECT_THROW(plan_device_filter({rule(true, "c", -2, 3, "r")}), Error);
  EXPECT_THROW(plan_device_filter({rule(true, "c", 1, int64_t{1} << 32, "r")}), Error);
  // Also behind an unconditional rule that makes it moot.
  EXPECT_THROW(plan_device_filter({rule(true, "x", 1, 3, "r"), kDenyAll}), Error);
}

// --- the real program on a live cgroup (root) ----------------------------------------------

constexpr const char* kUnified = "/sys/fs/cgroup/unified";

bool is_cgroup2(const std::string& path) {
  struct statfs fs {};
  return ::statfs(path.c_str(), &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

// Exit codes of the child that probes the devices.
enum Probe : int {
  kOk = 0,
  kNullRefused = 10,
  kZeroOpened = 11,
  kZeroOtherErrno = 12,
  kNotYetMoved = 13,
};

class DeviceFilterLive : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    std::string root = detect_version() == Version::kV2 ? v2::kDefaultRoot : kUnified;
    if (!is_cgroup2(root)) GTEST_SKIP() << "no cgroup2 mount at " << root;
    try {
      v2::load_device_filter(plan_device_filter({kDenyAll}));
    } catch (const Error& e) {
      if (e.err() == EPERM || e.err() == EINVAL) {
        GTEST_SKIP() << "kernel refuses BPF_PROG_TYPE_CGROUP_DEVICE programs: " << e.what();
      }
      throw;
    }
    path_ = fmt::format("/berth-devtest-{}", ::getpid());
    dir_ = root + path_;
    manager_ = std::make_unique<v2::Manager>(root, path_);
    manager_->create();
  }
  void TearDown() override {
    if (!manager_) return;
    if (child_ > 0) {
      ::kill(child_, SIGKILL);
      ::waitpid(child_, nullptr, 0);
    }
    EXPECT_NO_THROW(manager_->destroy());
    EXPECT_FALSE(path_exists(dir_)) << dir_ << " leaked";
  }

  // Forks a child, moves it into the cgroup, lets it probe /dev/null and /dev/zero; its exit
  // code (a Probe).
  int probe() {
    int go[2];
    if (::pipe(go) != 0) throw Error::last_errno("pipe");
    child_ = ::fork();
    if (child_ < 0) throw Error::last_errno("fork");
    if (child_ == 0) {
      ::close(go[1]);
      char c;
      if (::read(go[0], &c, 1) != 1) ::_exit(kNotYetMoved);
      int null_fd = ::open("/dev/null", O_RDONLY);
      if (null_fd < 0) ::_exit(kNullRefused);
      int zero_fd = ::open("/dev/zero", O_RDONLY);
      if (zero_fd >= 0) ::_exit(kZeroOpened);
      ::_exit(errno == EPERM ? kOk : kZeroOtherErrno);
    }
    ::close(go[0]);
    manager_->add_process(child_);
    (void)!::write(go[1], "g", 1);
    ::close(go[1]);
    int status = 0;
    ::waitpid(child_, &status, 0);
    child_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  // Ids of the device programs attached to the cgroup, through the same query the runtime uses.
  size_t attached_count() const {
    UniqueFd fd(::open(dir_.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC));
    uint32_t ids[16];
    bpf_attr attr{};
    attr.query.target_fd = static_cast<uint32_t>(fd.get());
    attr.query.attach_type = BPF_CGROUP_DEVICE;
    attr.query.prog_ids = reinterpret_cast<uintptr_t>(ids);
    attr.query.prog_cnt = 16;
    if (::syscall(SYS_bpf, BPF_PROG_QUERY, &attr, sizeof attr) != 0) {
      ADD_FAILURE() << "BPF_PROG_QUERY: " << std::strerror(errno);
      return 0;
    }
    return attr.query.prog_cnt;
  }

  std::string path_, dir_;
  std::unique_ptr<v2::Manager> manager_;
  pid_t child_ = -1;
};

TEST_F(DeviceFilterLive, DenyAllAllowDevNull) {
  oci::Resources r;
  r.devices = {kDenyAll, rule(true, "c", 1, 3, "rw")};
  manager_->apply(r);
  EXPECT_EQ(attached_count(), 1u);
  EXPECT_EQ(probe(), kOk) << "see enum Probe";
}

TEST_F(DeviceFilterLive, UpdateReplacesTheProgram) {
  oci::Resources r;
  r.devices = {kDenyAll};
  manager_->apply(r);
  r.devices = {kDenyAll, rule(true, "c", 1, 3, "rw")};
  manager_->apply(r);
  EXPECT_EQ(attached_count(), 1u) << "the first program was not detached";
  EXPECT_EQ(probe(), kOk) << "see enum Probe";

  oci::Resources no_devices;  // an update without device rules keeps the filter
  manager_->apply(no_devices);
  EXPECT_EQ(attached_count(), 1u);
  EXPECT_EQ(probe(), kOk) << "see enum Probe";
}

// The control for the probe: without a deny, /dev/zero opens.
TEST_F(DeviceFilterLive, AllowAllLetsZeroOpen) {
  oci::Resources r;
  r.devices = {kDenyAll, rule(true, "a", {}, {}, "rwm")};
  manager_->apply(r);
  EXPECT_EQ(probe(), kZeroOpened) << "see enum Probe";
}

TEST_F(DeviceFilterLive, VerifierLogIsInTheError) {
  DeviceProgram no_return_value = {plan_device_filter({}).back()};  // exit, r0 never set
  try {
    v2::load_device_filter(no_return_value);
    ADD_FAILURE() << "the verifier accepted a program that never sets r0";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("verifier: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("R0"), std::string::npos) << e.what();
  }
}

TEST_F(DeviceFilterLive, AttachErrorNamesTheCgroup) {
  manager_->destroy();
  try {
    v2::attach_device_filter(dir_, plan_device_filter({kDenyAll}));
    ADD_FAILURE() << "attached to a removed cgroup";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(dir_), std::string::npos) << e.what();
    EXPECT_EQ(e.err(), ENOENT) << e.what();
  }
}

}  // namespace
}  // namespace berth::cgroups

// linux.seccomp from the config: built into a libseccomp filter, then loaded just before execve.
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <set>
#include <string_view>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "base/unique_fd.hpp"
#include "runtime/init/seccomp_enosys.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

// --- name tables ---------------------------------------------------------------------------

enum class ActionKind { kKillThread, kKillProcess, kTrap, kErrno, kTrace, kAllow, kLog, kNotify };

struct ActionName {
  std::string_view name;
  ActionKind kind;
};

constexpr std::array kActions = {
    ActionName{"SCMP_ACT_KILL", ActionKind::kKillThread},  // the old name of KILL_THREAD
    ActionName{"SCMP_ACT_KILL_THREAD", ActionKind::kKillThread},
    ActionName{"SCMP_ACT_KILL_PROCESS", ActionKind::kKillProcess},
    ActionName{"SCMP_ACT_TRAP", ActionKind::kTrap},
    ActionName{"SCMP_ACT_ERRNO", ActionKind::kErrno},
    ActionName{"SCMP_ACT_TRACE", ActionKind::kTrace},
    ActionName{"SCMP_ACT_ALLOW", ActionKind::kAllow},
    ActionName{"SCMP_ACT_LOG", ActionKind::kLog},
    ActionName{"SCMP_ACT_NOTIFY", ActionKind::kNotify},
};

// 0 stands for an architecture of the runtime spec that this libseccomp does not know.
struct ArchName {
  std::string_view name;
  uint32_t token;
};

// clang-format off
#define BERTH_ARCH(name) ArchName{#name, name}
#ifdef SCMP_ARCH_LOONGARCH64
#define BERTH_ARCH_NEW(name) BERTH_ARCH(name)
#else
#define BERTH_ARCH_NEW(name) ArchName{#name, 0}
#endif
// clang-format on
constexpr std::array kArchitectures = {
    BERTH_ARCH(SCMP_ARCH_X86),
    BERTH_ARCH(SCMP_ARCH_X86_64),
    BERTH_ARCH(SCMP_ARCH_X32),
    BERTH_ARCH(SCMP_ARCH_ARM),
    BERTH_ARCH(SCMP_ARCH_AARCH64),
    BERTH_ARCH(SCMP_ARCH_MIPS),
    BERTH_ARCH(SCMP_ARCH_MIPS64),
    BERTH_ARCH(SCMP_ARCH_MIPS64N32),
    BERTH_ARCH(SCMP_ARCH_MIPSEL),
    BERTH_ARCH(SCMP_ARCH_MIPSEL64),
    BERTH_ARCH(SCMP_ARCH_MIPSEL64N32),
    BERTH_ARCH(SCMP_ARCH_PPC),
    BERTH_ARCH(SCMP_ARCH_PPC64),
    BERTH_ARCH(SCMP_ARCH_PPC64LE),
    BERTH_ARCH(SCMP_ARCH_S390),
    BERTH_ARCH(SCMP_ARCH_S390X),
    BERTH_ARCH(SCMP_ARCH_PARISC),
    BERTH_ARCH(SCMP_ARCH_PARISC64),
    BERTH_ARCH(SCMP_ARCH_RISCV64),
    // Added in libseccomp 2.6, together with SCMP_ARCH_LOONGARCH64.
    BERTH_ARCH_NEW(SCMP_ARCH_LOONGARCH64),
    BERTH_ARCH_NEW(SCMP_ARCH_M68K),
    BERTH_ARCH_NEW(SCMP_ARCH_SH),
    BERTH_ARCH_NEW(SCMP_ARCH_SHEB),
};
#undef BERTH_ARCH_NEW
#undef BERTH_ARCH

struct OpName {
  std::string_view name;
  scmp_compare op;
};

constexpr std::array kOps = {
    OpName{"SCMP_CMP_NE", SCMP_CMP_NE},
    OpName{"SCMP_CMP_LT", SCMP_CMP_LT},
    OpName{"SCMP_CMP_LE", SCMP_CMP_LE},
    OpName{"SCMP_CMP_EQ", SCMP_CMP_EQ},
    OpName{"SCMP_CMP_GE", SCMP_CMP_GE},
    OpName{"SCMP_CMP_GT", SCMP_CMP_GT},
    OpName{"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
};

// Filter flags of the runtime spec, the libseccomp attribute that sets each (nullopt: this
// libseccomp has no attribute for it), and the seccomp(2) flag it stands for.
struct FlagName {
  std::string_view name;
  std::optional<scmp_filter_attr> attr;
  unsigned kernel_flag;
};

// Not in every linux/seccomp.h this builds against (Linux 5.19).
constexpr unsigned kFlagWaitKillableRecv = 1u << 5;

const std::array kFlags = {
    FlagName{"SECCOMP_FILTER_FLAG_TSYNC", SCMP_FLTATR_CTL_TSYNC, SECCOMP_FILTER_FLAG_TSYNC},
    FlagName{"SECCOMP_FILTER_FLAG_LOG", SCMP_FLTATR_CTL_LOG, SECCOMP_FILTER_FLAG_LOG},
    FlagName{"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SCMP_FLTATR_CTL_SSB, SECCOMP_FILTER_FLAG_SPEC_ALLOW},
#if SCMP_VER_MAJOR > 2 || (SCMP_VER_MAJOR == 2 && SCMP_VER_MINOR >= 6)
    FlagName{"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SCMP_FLTATR_CTL_WAITKILL,
             kFlagWaitKillableRecv},
#else
    FlagName{"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", std::nullopt, kFlagWaitKillableRecv},
#endif
};

template <typename Table>
auto find_name(const Table& table, std::string_view name) {
  return std::ranges::find_if(table, [&](const auto& e) { return e.name == name; });
}

std::string libseccomp_version() {
  return fmt::format("{}.{}.{}", SCMP_VER_MAJOR, SCMP_VER_MINOR, SCMP_VER_MICRO);
}

// libseccomp returns -errno.
Error libseccomp_error(int rc, std::string op) { return Error::from_errno(-rc, std::move(op)); }

// --- parsing -------------------------------------------------------------------------------

// The libseccomp action for `name`; `field` is where it came from, for the error.
uint32_t parse_action(const std::string& name, std::optional<unsigned> errno_ret,
                      unsigned default_errno, const std::string& field) {
  auto it = find_name(kActions, name);
  if (it == kActions.end()) throw Error(fmt::format("{}: unknown action \"{}\"", field, name));
  // ERRNO and TRACE carry 16 bits of data (SECCOMP_RET_DATA).
  const unsigned data = errno_ret.value_or(default_errno);
  if ((it->kind == ActionKind::kErrno || it->kind == ActionKind::kTrace) && data > 0xffff)
    throw Error(fmt::format("{}: errnoRet {} does not fit in 16 bits", field, data));
  switch (it->kind) {
    case ActionKind::kKillThread:
      return SCMP_ACT_KILL_THREAD;
    case ActionKind::kKillProcess:
      return SCMP_ACT_KILL_PROCESS;
    case ActionKind::kTrap:
      return SCMP_ACT_TRAP;
    case ActionKind::kErrno:
      return SCMP_ACT_ERRNO(data);
    case ActionKind::kTrace:
      return SCMP_ACT_TRACE(data);
    case ActionKind::kAllow:
      return SCMP_ACT_ALLOW;
    case ActionKind::kLog:
      return SCMP_ACT_LOG;
    case ActionKind::kNotify:
      return SCMP_ACT_NOTIFY;  // the listener fd goes to linux.seccomp.listenerPath
  }
  throw Error(fmt::format("{}: unknown action \"{}\"", field, name));
}

uint32_t parse_architecture(const std::string& name, const std::string& field) {
  auto it = find_name(kArchitectures, name);
  if (it == kArchitectures.end())
    throw Error(fmt::format("{}: unknown architecture \"{}\"", field, name));
  if (it->token == 0)
    throw Error(fmt::format("{}: architecture {} is not supported by libseccomp {}", field, name,
                            libseccomp_version()));
  return it->token;
}

std::vector<scmp_arg_cmp> parse_args(const std::vector<oci::SeccompArg>& args,
                                     const std::string& field) {
  std::vector<scmp_arg_cmp> out;
  for (size_t j = 0; j < args.size(); ++j) {
    const auto& a = args[j];
    auto it = find_name(kOps, a.op);
    if (it == kOps.end())
      throw Error(fmt::format("{}.args[{}].op: unknown operator \"{}\"", field, j, a.op));
    if (a.index >= 6)
      throw Error(
          fmt::format("{}.args[{}].index: {} is not a syscall argument (0-5)", field, j, a.index));
    // MASKED_EQ: `value` is the mask and `valueTwo` the value compared, as libseccomp has them.
    out.push_back(
        scmp_arg_cmp{.arg = a.index, .op = it->op, .datum_a = a.value, .datum_b = a.value_two});
  }
  return out;
}

// --- building ------------------------------------------------------------------------------

// Adds the architectures; returns the filter's architectures, the native one first.
std::vector<uint32_t> add_architectures(scmp_filter_ctx ctx, const std::vector<std::string>& architectures) {
  std::vector<uint32_t> tokens = {seccomp_arch_native()};
  for (size_t i = 0; i < architectures.size(); ++i) {
    const std::string field = fmt::format("architectures[{}]", i);
    const uint32_t token = parse_architecture(architectures[i], field);
    int rc = seccomp_arch_add(ctx, token);
    if (rc == -EEXIST) continue;  // the native architecture is in every filter already
    if (rc < 0) throw libseccomp_error(rc, fmt::format("{}: add {}", field, architectures[i]));
    tokens.push_back(token);
  }
  return tokens;
}

std::vector<std::string> all_names(const oci::Seccomp& seccomp) {
  std::vector<std::string> names;
  for (const auto& entry : seccomp.syscalls) names.insert(names.end(), entry.names.begin(), entry.names.end());
  return names;
}

void set_flags(scmp_filter_ctx ctx, const std::vector<std::string>& flags) {
  for (size_t i = 0; i < flags.size(); ++i) {
    const std::string field = fmt::format("flags[{}]", i);
    auto it = find_name(kFlags, flags[i]);
    if (it == kFlags.end()) throw Error(fmt::format("{}: unknown flag \"{}\"", field, flags[i]));
    if (!it->attr)
      throw Error(fmt::format("{}: {} is not supported by libseccomp {}", field, flags[i],
                              libseccomp_version()));
    int rc = seccomp_attr_set(ctx, *it->attr, 1);
    // EOPNOTSUPP/EINVAL: the running kernel (seccomp API level) lacks the flag.
    if (rc < 0)
      throw libseccomp_error(
          rc, fmt::format("{}: set {} (not supported by the kernel?)", field, flags[i]));
  }
}

// runc's rule: several conditions on the same argument are OR-ed (one rule each), since one
// libseccomp rule can test an argument only once; conditions on distinct arguments are AND-ed.
bool has_repeated_index(const std::vector<scmp_arg_cmp>& args) {
  std::set<unsigned> seen;
  for (const auto& a : args)
    if (!seen.insert(a.arg).second) return true;
  return false;
}

void add_rule(scmp_filter_ctx ctx, uint32_t action, int nr, const std::vector<scmp_arg_cmp>& args,
              const std::string& name, const std::string& field) {
  auto add = [&](unsigned count, const scmp_arg_cmp* cmps) {
    int rc = seccomp_rule_add_array(ctx, action, nr, count, cmps);
    if (rc < 0) throw libseccomp_error(rc, fmt::format("{}: add rule for \"{}\"", field, name));
  };
  if (!has_repeated_index(args)) {
    add(static_cast<unsigned>(args.size()), args.data());
    return;
  }
  for (const auto& a : args) add(1, &a);
}

void add_syscalls(scmp_filter_ctx ctx, const oci::Seccomp& seccomp, uint32_t default_action) {
  for (size_t i = 0; i < seccomp.syscalls.size(); ++i) {
    const auto& entry = seccomp.syscalls[i];
    const std::string field = fmt::format("syscalls[{}]", i);
    uint32_t action = parse_action(entry.action, entry.errno_ret, EPERM, field + ".action");
    auto args = parse_args(entry.args, field);
    for (size_t n = 0; n < entry.names.size(); ++n) {
      const std::string& name = entry.names[n];
      if (name.empty()) throw Error(fmt::format("{}.names[{}]: empty syscall name", field, n));
      if (action == default_action) {
        // libseccomp refuses a rule that repeats the default action; it would change nothing.
        log::debug(fmt::format("seccomp: {}: \"{}\" has the default action, skipped", field, name));
        continue;
      }
      int nr = seccomp_syscall_resolve_name(name.c_str());
      if (nr == __NR_SCMP_ERROR) {
        // A profile newer than this libseccomp: runc skips such names too.
        log::debug(fmt::format("seccomp: {}: unknown syscall \"{}\", skipped", field, name));
        continue;
      }
      add_rule(ctx, action, nr, args, name, field);
    }
  }
}

}  // namespace

SeccompFilter& SeccompFilter::operator=(SeccompFilter&& other) noexcept {
  if (this != &other) {
    if (ctx_) seccomp_release(ctx_);
    ctx_ = std::exchange(other.ctx_, nullptr);
    enosys_ = std::move(other.enosys_);
  }
  return *this;
}

SeccompFilter::~SeccompFilter() {
  if (ctx_) seccomp_release(ctx_);
}

std::string SeccompFilter::export_pfc() const {
  UniqueFd fd(::memfd_create("berth-seccomp-pfc", MFD_CLOEXEC));
  if (!fd) throw Error::last_errno("memfd_create", "seccomp pfc");
  int rc = seccomp_export_pfc(ctx_, fd.get());
  if (rc < 0) throw libseccomp_error(rc, "seccomp_export_pfc");
  if (::lseek(fd.get(), 0, SEEK_SET) != 0) throw Error::last_errno("lseek", "seccomp pfc");
  return read_fd(fd.get());
}

SeccompFilter build_seccomp_filter(const oci::Seccomp& seccomp) {
  try {
    const uint32_t default_action =
        parse_action(seccomp.default_action, seccomp.default_errno_ret, EPERM, "defaultAction");
    SeccompFilter filter(seccomp_init(default_action));
    if (!filter.get())
      throw Error(fmt::format("defaultAction: libseccomp {} refused {}", libseccomp_version(),
                              seccomp.default_action));
    scmp_filter_ctx ctx = filter.get();
    // libseccomp sets no_new_privs on load by default; set_no_new_privileges decides that.
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
    if (rc < 0) throw libseccomp_error(rc, "clear SCMP_FLTATR_CTL_NNP");
    // A binary tree of syscall numbers instead of a list: every syscall of the container walks
    // ~10 comparisons, not hundreds, and so does the kernel when it precomputes its allow
    // cache at load (measured: bench/RESULTS.md).
    rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    if (rc < 0) throw libseccomp_error(rc, "set SCMP_FLTATR_CTL_OPTIMIZE");
    const auto arch_tokens = add_architectures(ctx, seccomp.architectures);
    set_flags(ctx, seccomp.flags);
    add_syscalls(ctx, seccomp, default_action);
    if (find_name(kActions, seccomp.default_action)->kind == ActionKind::kErrno) {
      filter.set_enosys_program(enosys_program(arch_tokens, all_names(seccomp)));
    }
    return filter;
  } catch (Error& e) {
    throw std::move(e.context("seccomp"));
  }
}

namespace {

std::vector<sock_filter> export_bpf(const SeccompFilter& filter) {
  UniqueFd fd(::memfd_create("berth-seccomp-bpf", MFD_CLOEXEC));
  if (!fd) throw Error::last_errno("memfd_create", "seccomp bpf");
  int rc = seccomp_export_bpf(filter.get(), fd.get());
  if (rc < 0) throw libseccomp_error(rc, "seccomp: seccomp_export_bpf");
  if (::lseek(fd.get(), 0, SEEK_SET) != 0) throw Error::last_errno("lseek", "seccomp bpf");
  const std::string bytes = read_fd(fd.get());
  std::vector<sock_filter> program(bytes.size() / sizeof(sock_filter));
  std::memcpy(program.data(), bytes.data(), program.size() * sizeof(sock_filter));
  return program;
}

unsigned kernel_flags(const std::vector<std::string>& flags) {
  unsigned out = 0;
  for (const auto& name : flags) out |= find_name(kFlags, name)->kernel_flag;  // checked by build
  return out;
}

bool same_program(const std::vector<sock_filter>& a, const std::vector<sock_filter>& b) {
  return std::ranges::equal(a, b, [](const sock_filter& x, const sock_filter& y) {
    return x.code == y.code && x.jt == y.jt && x.jf == y.jf && x.k == y.k;
  });
}

}  // namespace

bool CompiledSeccomp::operator==(const CompiledSeccomp& other) const {
  return flags == other.flags && same_program(program, other.program) &&
         same_program(enosys, other.enosys);
}

CompiledSeccomp compile_seccomp(const oci::Seccomp& seccomp) {
  SeccompFilter filter = build_seccomp_filter(seccomp);
  return CompiledSeccomp{.program = export_bpf(filter),
                         .flags = kernel_flags(seccomp.flags),
                         .enosys = filter.enosys_program()};
}

bool CompiledSeccomp::notifies() const {
  return std::ranges::any_of(program, [](const sock_filter& insn) {
    return insn.code == (BPF_RET | BPF_K) && (insn.k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_USER_NOTIF;
  });
}

UniqueFd load_compiled_seccomp(const CompiledSeccomp& compiled) {
  if (compiled.program.empty() || compiled.program.size() > BPF_MAXINSNS)
    throw Error(fmt::format("seccomp: load filter: a program of {} instructions",
                            compiled.program.size()));
  sock_fprog fprog{.len = static_cast<unsigned short>(compiled.program.size()),
                   .filter = const_cast<sock_filter*>(compiled.program.data())};
  const bool notifies = compiled.notifies();
  const unsigned flags = compiled.flags | (notifies ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0u);
  const long rc = ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
  UniqueFd listener(notifies && rc >= 0 ? static_cast<int>(rc) : -1);
  if (rc < 0) {
    const int err = errno;
    // Kernels before 3.17 have only prctl, which takes no flags (libseccomp falls back too).
    const bool loaded = err == ENOSYS && flags == 0 &&
                        ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) == 0;
    if (!loaded && err == EACCES)
      throw Error::from_errno(err,
                              "seccomp: load filter (without no_new_privs this needs CAP_SYS_ADMIN: "
                              "load it before capabilities are dropped)");
    if (!loaded) throw Error::from_errno(err, "seccomp: load filter");
  }
  if (!compiled.enosys.empty())
    load_enosys_program(compiled.enosys, compiled.flags & SECCOMP_FILTER_FLAG_SPEC_ALLOW);
  return listener;
}

}  // namespace berth::runtime

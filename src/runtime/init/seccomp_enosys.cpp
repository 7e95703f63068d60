// The ENOSYS program for syscalls newer than a profile (the layout is drawn in the header).
#include "runtime/init/seccomp_enosys.hpp"

#include <fmt/core.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <optional>

#include "base/error.hpp"
#include "base/log.hpp"

namespace berth::runtime {
namespace {

// x32 syscalls arrive as AUDIT_ARCH_X86_64 with this bit set in the number.
constexpr uint32_t kX32SyscallBit = 0x40000000;

// What to compare on one audit architecture: the highest syscall number named, per ABI.
struct ArchBlock {
  uint32_t audit_arch;
  std::optional<uint32_t> highest;      // the architecture's own ABI
  std::optional<uint32_t> x32_highest;  // x86_64 only: x32's numbers (with kX32SyscallBit)
};

std::optional<uint32_t> highest_number(uint32_t arch_token, const std::vector<std::string>& names) {
  std::optional<uint32_t> highest;
  for (const auto& name : names) {
    // Negative: a name this libseccomp does not know, or a pseudo number for a syscall that
    // exists on other architectures only.
    int nr = seccomp_syscall_resolve_name_arch(arch_token, name.c_str());
    if (nr < 0) continue;
    if (!highest || static_cast<uint32_t>(nr) > *highest) highest = static_cast<uint32_t>(nr);
  }
  return highest;
}

std::vector<ArchBlock> arch_blocks(const std::vector<uint32_t>& arch_tokens,
                                   const std::vector<std::string>& names) {
  std::vector<ArchBlock> blocks;
  auto block_for = [&](uint32_t audit_arch) -> ArchBlock& {
    for (auto& b : blocks)
      if (b.audit_arch == audit_arch) return b;
    return blocks.emplace_back(ArchBlock{audit_arch, std::nullopt, std::nullopt});
  };
  for (uint32_t token : arch_tokens) {
    auto highest = highest_number(token, names);
    if (!highest) continue;
    // libseccomp's SCMP_ARCH_* are the kernel's AUDIT_ARCH_* values, except x32's.
    if (token == SCMP_ARCH_X32)
      block_for(AUDIT_ARCH_X86_64).x32_highest = highest;
    else
      block_for(token).highest = highest;
  }
  return blocks;
}

enum class Label { kAllow, kEnosys };

struct Jump {
  size_t at;
  Label if_true;
  Label if_false;
};

// A "jump if greater than k" whose targets are the shared return instructions, patched later.
void emit_compare(std::vector<sock_filter>& prog, std::vector<Jump>& jumps, uint32_t k) {
  jumps.push_back({prog.size(), Label::kEnosys, Label::kAllow});
  prog.push_back(BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, k, 0, 0));
}

void emit_block(std::vector<sock_filter>& prog, std::vector<Jump>& jumps, const ArchBlock& b) {
  prog.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
  if (b.x32_highest) {
    prog.push_back(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, kX32SyscallBit, 0, 1));
    emit_compare(prog, jumps, *b.x32_highest);
  }
  if (b.highest) {
    emit_compare(prog, jumps, *b.highest);
  } else {
    // Only x32 numbers are named: the architecture's own calls go to libseccomp's filter.
    jumps.push_back({prog.size(), Label::kAllow, Label::kAllow});
    prog.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0));
  }
}

uint8_t offset_to(size_t from, size_t to) {
  size_t offset = to - from - 1;
  // Conditional jumps carry 8-bit offsets; a filter has a handful of architectures at most.
  if (offset > 255) throw Error("seccomp: ENOSYS program too long");
  return static_cast<uint8_t>(offset);
}

}  // namespace

std::vector<sock_filter> enosys_program(const std::vector<uint32_t>& arch_tokens,
                                        const std::vector<std::string>& names) {
  auto blocks = arch_blocks(arch_tokens, names);
  if (blocks.empty()) return {};
  std::vector<sock_filter> prog;
  std::vector<Jump> jumps;
  prog.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
  for (const auto& b : blocks) {
    size_t arch_check = prog.size();
    prog.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, b.audit_arch, 0, 0));
    emit_block(prog, jumps, b);
    // Another architecture: skip this block (the accumulator still holds the arch).
    prog[arch_check].jf = offset_to(arch_check, prog.size());
  }
  const size_t allow = prog.size();
  prog.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  const size_t enosys = prog.size();
  prog.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)));
  auto target = [&](Label l) { return l == Label::kAllow ? allow : enosys; };
  for (const auto& j : jumps) {
    prog[j.at].jt = offset_to(j.at, target(j.if_true));
    prog[j.at].jf = offset_to(j.at, target(j.if_false));
  }
  return prog;
}

void load_enosys_program(const std::vector<sock_filter>& program, bool spec_allow) {
  sock_fprog fprog{.len = static_cast<unsigned short>(program.size()),
                   .filter = const_cast<sock_filter*>(program.data())};
  const unsigned flags = spec_allow ? SECCOMP_FILTER_FLAG_SPEC_ALLOW : 0;
  if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog) == 0) return;
  const int err = errno;
  // The profile just loaded may refuse seccomp(2) but allow prctl (older profiles list only
  // prctl), which takes no flags.
  if (!spec_allow && ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) == 0) return;
  // A profile that refuses both keeps its own default errno for new syscalls: that is what
  // it asked for, and not a reason to fail the container.
  log::debug(fmt::format("seccomp: ENOSYS program not loaded: {}",
                         Error::from_errno(err, "seccomp").what()));
}

}  // namespace berth::runtime

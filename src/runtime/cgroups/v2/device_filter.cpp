// cgroup v2 device filter, the plan: OCI device rules to BPF_PROG_TYPE_CGROUP_DEVICE
// instructions, laid out like runc's libcontainer/cgroups/devices/devicefilter.go.
//
//   r2 = ctx->access_type & 0xffff   device type (BPF_DEVCG_DEV_BLOCK / _CHAR)
//   r3 = ctx->access_type >> 16      requested access (BPF_DEVCG_ACC_MKNOD / _READ / _WRITE)
//   r4 = ctx->major, r5 = ctx->minor
//   one block per rule, LAST rule first; a block whose test fails jumps to the next block:
//     if r2 != type goto next;  r1 = r3; r1 &= allowed; if r1 != r3 goto next;
//     if r4 != major goto next; if r5 != minor goto next;  r0 = allow; exit
//   r0 = 0; exit                     no rule matched: deny
//
// A block without tests (type "a", any number, "rwm") always returns, so the earlier rules
// and the default after it are left out: the verifier rejects unreachable instructions.
#include "runtime/cgroups/v2/device_filter.hpp"

#include <fmt/core.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

#include "base/error.hpp"

namespace berth::cgroups::v2 {
namespace {

// --- instruction encoding (the kernel's BPF_* macros as small functions) ------------------

bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  bpf_insn i{};
  i.code = code;
  i.dst_reg = dst & 0xf;
  i.src_reg = src & 0xf;
  i.off = off;
  i.imm = imm;
  return i;
}
bpf_insn load_u32(uint8_t dst, uint8_t src, int16_t off) {
  return insn(BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0);
}
bpf_insn alu_imm(uint8_t op, uint8_t dst, int32_t imm) {
  return insn(BPF_ALU64 | op | BPF_K, dst, 0, 0, imm);
}
bpf_insn mov_reg(uint8_t dst, uint8_t src) { return insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0); }
bpf_insn jne_imm(uint8_t dst, int32_t imm) { return insn(BPF_JMP | BPF_JNE | BPF_K, dst, 0, 0, imm); }
bpf_insn jne_reg(uint8_t dst, uint8_t src) { return insn(BPF_JMP | BPF_JNE | BPF_X, dst, src, 0, 0); }
bpf_insn exit_insn() { return insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

constexpr uint8_t kR0 = BPF_REG_0, kR1 = BPF_REG_1, kR2 = BPF_REG_2, kR3 = BPF_REG_3,
                  kR4 = BPF_REG_4, kR5 = BPF_REG_5;
constexpr int32_t kAllAccess = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;

// --- rules -------------------------------------------------------------------------------

std::string describe(const oci::DeviceRule& rule) {
  auto number = [](const std::optional<int64_t>& n) { return n ? std::to_string(*n) : "*"; };
  return fmt::format("{} {} {}:{} {}", rule.allow ? "allow" : "deny", rule.type,
                     number(rule.major), number(rule.minor), rule.access);
}

// Numbers are compared as 32-bit immediates: keep them non-negative ints (Linux majors have
// 12 bits, minors 20). Absent or -1 matches any.
std::optional<int32_t> device_number(const std::optional<int64_t>& n,
                                     const oci::DeviceRule& rule) {
  if (!n || *n == -1) return std::nullopt;
  if (*n < 0 || *n > std::numeric_limits<int32_t>::max()) {
    throw Error(fmt::format("cgroup: invalid device number in rule \"{}\"", describe(rule)));
  }
  return static_cast<int32_t>(*n);
}

std::optional<int32_t> device_type(const oci::DeviceRule& rule) {
  if (rule.type.empty() || rule.type == "a") return std::nullopt;
  if (rule.type == "c") return BPF_DEVCG_DEV_CHAR;
  if (rule.type == "b") return BPF_DEVCG_DEV_BLOCK;
  throw Error(fmt::format("cgroup: invalid device type in rule \"{}\"", describe(rule)));
}

int32_t access_bits(const oci::DeviceRule& rule) {
  if (rule.access.empty()) return kAllAccess;
  int32_t bits = 0;
  for (char c : rule.access) {
    switch (c) {
      case 'r': bits |= BPF_DEVCG_ACC_READ; break;
      case 'w': bits |= BPF_DEVCG_ACC_WRITE; break;
      case 'm': bits |= BPF_DEVCG_ACC_MKNOD; break;
      default:
        throw Error(fmt::format("cgroup: invalid device access in rule \"{}\"", describe(rule)));
    }
  }
  return bits;
}

// One rule's block. Its jumps (off == 0 placeholders) are patched to land just past it.
DeviceProgram rule_block(const oci::DeviceRule& rule) {
  DeviceProgram block;
  std::vector<size_t> jumps;
  auto jump = [&](bpf_insn i) {
    jumps.push_back(block.size());
    block.push_back(i);
  };
  if (auto type = device_type(rule)) jump(jne_imm(kR2, *type));
  if (int32_t bits = access_bits(rule); bits != kAllAccess) {
    // Every requested bit must be allowed: (requested & allowed) == requested.
    block.push_back(mov_reg(kR1, kR3));
    block.push_back(alu_imm(BPF_AND, kR1, bits));
    jump(jne_reg(kR1, kR3));
  }
  if (auto major = device_number(rule.major, rule)) jump(jne_imm(kR4, *major));
  if (auto minor = device_number(rule.minor, rule)) jump(jne_imm(kR5, *minor));
  block.push_back(alu_imm(BPF_MOV, kR0, rule.allow ? 1 : 0));
  block.push_back(exit_insn());
  for (size_t at : jumps) block[at].off = static_cast<int16_t>(block.size() - at - 1);
  return block;
}

}  // namespace

DeviceProgram plan_device_filter(const std::vector<oci::DeviceRule>& rules) {
  DeviceProgram program = {
      load_u32(kR2, kR1, offsetof(bpf_cgroup_dev_ctx, access_type)),
      alu_imm(BPF_AND, kR2, 0xffff),
      load_u32(kR3, kR1, offsetof(bpf_cgroup_dev_ctx, access_type)),
      alu_imm(BPF_RSH, kR3, 16),
      load_u32(kR4, kR1, offsetof(bpf_cgroup_dev_ctx, major)),
      load_u32(kR5, kR1, offsetof(bpf_cgroup_dev_ctx, minor)),
  };
  // Every rule is checked, even those an unconditional rule later in the list makes moot.
  std::vector<DeviceProgram> blocks;
  for (auto rule = rules.rbegin(); rule != rules.rend(); ++rule) blocks.push_back(rule_block(*rule));
  for (const auto& block : blocks) {
    program.insert(program.end(), block.begin(), block.end());
    if (block.size() == 2) return program;  // no tests: it decides every access
  }
  program.push_back(alu_imm(BPF_MOV, kR0, 0));
  program.push_back(exit_insn());
  return program;
}

}  // namespace berth::cgroups::v2

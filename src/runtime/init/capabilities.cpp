// Capability names and numbers, the kernel's last capability, and the bounding set.
#include <sys/prctl.h>

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "base/strings.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

// linux/capability.h, in number order: kCapabilities[N] is capability N. Kept here rather than
// taken from libcap's cap_to_name so the names do not depend on the libcap version installed.
constexpr std::array<std::string_view, 41> kCapabilities = {
    "CAP_CHOWN",               // 0
    "CAP_DAC_OVERRIDE",        // 1
    "CAP_DAC_READ_SEARCH",     // 2
    "CAP_FOWNER",              // 3
    "CAP_FSETID",              // 4
    "CAP_KILL",                // 5
    "CAP_SETGID",              // 6
    "CAP_SETUID",              // 7
    "CAP_SETPCAP",             // 8
    "CAP_LINUX_IMMUTABLE",     // 9
    "CAP_NET_BIND_SERVICE",    // 10
    "CAP_NET_BROADCAST",       // 11
    "CAP_NET_ADMIN",           // 12
    "CAP_NET_RAW",             // 13
    "CAP_IPC_LOCK",            // 14
    "CAP_IPC_OWNER",           // 15
    "CAP_SYS_MODULE",          // 16
    "CAP_SYS_RAWIO",           // 17
    "CAP_SYS_CHROOT",          // 18
    "CAP_SYS_PTRACE",          // 19
    "CAP_SYS_PACCT",           // 20
    "CAP_SYS_ADMIN",           // 21
    "CAP_SYS_BOOT",            // 22
    "CAP_SYS_NICE",            // 23
    "CAP_SYS_RESOURCE",        // 24
    "CAP_SYS_TIME",            // 25
    "CAP_SYS_TTY_CONFIG",      // 26
    "CAP_MKNOD",               // 27
    "CAP_LEASE",               // 28
    "CAP_AUDIT_WRITE",         // 29
    "CAP_AUDIT_CONTROL",       // 30
    "CAP_SETFCAP",             // 31
    "CAP_MAC_OVERRIDE",        // 32
    "CAP_MAC_ADMIN",           // 33
    "CAP_SYSLOG",              // 34
    "CAP_WAKE_ALARM",          // 35
    "CAP_BLOCK_SUSPEND",       // 36
    "CAP_AUDIT_READ",          // 37
    "CAP_PERFMON",             // 38
    "CAP_BPF",                 // 39
    "CAP_CHECKPOINT_RESTORE",  // 40
};

}  // namespace

int capability_from_name(const std::string& name) {
  auto it = std::ranges::find(kCapabilities, std::string_view(name));
  if (it == kCapabilities.end()) throw Error(fmt::format("unknown capability \"{}\"", name));
  return static_cast<int>(it - kCapabilities.begin());
}

std::string capability_name(int cap) {
  if (cap < 0 || cap >= static_cast<int>(kCapabilities.size()))
    throw Error(fmt::format("unknown capability number {}", cap));
  return std::string(kCapabilities[cap]);
}

int last_capability() {
  // Read once and kept: the container's init asks again after pivot_root, where /proc may be
  // absent (a config without a proc mount); container_init reads it before the pivot.
  static const int kLast = [] {
    const std::string path = "/proc/sys/kernel/cap_last_cap";
    auto value = parse_int(trim(read_file(path)));
    // The mask type is 64 bits wide; a kernel with more capabilities would need a wider one.
    if (!value || *value < 0 || *value > 63) throw Error(fmt::format("{}: unexpected content", path));
    return static_cast<int>(*value);
  }();
  return kLast;
}

uint64_t capability_mask(const std::vector<std::string>& names, const std::string& set_name) {
  return capability_mask(names, set_name, last_capability());
}

uint64_t capability_mask(const std::vector<std::string>& names, const std::string& set_name,
                         int last) {
  uint64_t mask = 0;
  for (const auto& name : names) {
    int cap;
    try {
      cap = capability_from_name(name);
    } catch (Error& e) {
      throw std::move(e.context(fmt::format("capabilities.{}", set_name)));
    }
    if (cap > last) {
      // A profile written for a newer kernel: runc skips these with a warning too.
      log::warn(fmt::format("capabilities.{}: {} is not known to the running kernel, skipped",
                            set_name, name));
      continue;
    }
    mask |= uint64_t{1} << cap;
  }
  return mask;
}

void drop_bounding_set(const oci::Capabilities& caps) {
  const uint64_t keep = capability_mask(caps.bounding, "bounding");
  const int last = last_capability();
  for (int cap = 0; cap <= last; ++cap) {
    if (keep & (uint64_t{1} << cap)) continue;
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
      std::string name = cap < static_cast<int>(kCapabilities.size())
                             ? std::string(kCapabilities[cap])
                             : fmt::format("{}", cap);
      throw Error::last_errno("prctl(PR_CAPBSET_DROP)", name).context("drop bounding set");
    }
  }
}

}  // namespace berth::runtime

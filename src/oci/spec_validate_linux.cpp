// Semantic checks on the `linux` object: namespaces, mappings, devices, resources, seccomp, paths.
#include <fmt/core.h>

#include <algorithm>
#include <set>
#include <string_view>

#include "oci/spec_parse_detail.hpp"

namespace berth::oci::detail {
namespace {

bool one_of(std::string_view v, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

const std::initializer_list<std::string_view> kNamespaceTypes = {
    "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time"};
const std::initializer_list<std::string_view> kPropagations = {
    "private", "rprivate", "slave", "rslave", "shared", "rshared", "unbindable", "runbindable"};
const std::initializer_list<std::string_view> kSeccompActions = {
    "SCMP_ACT_KILL",  "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
    "SCMP_ACT_TRAP",  "SCMP_ACT_ERRNO",        "SCMP_ACT_TRACE",
    "SCMP_ACT_ALLOW", "SCMP_ACT_LOG",          "SCMP_ACT_NOTIFY"};
const std::initializer_list<std::string_view> kSeccompArches = {
    "SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",         "SCMP_ARCH_ARM",
    "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",
    "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
    "SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_S390",        "SCMP_ARCH_S390X",
    "SCMP_ARCH_PARISC",  "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",     "SCMP_ARCH_LOONGARCH64",
    "SCMP_ARCH_M68K",    "SCMP_ARCH_SH",       "SCMP_ARCH_SHEB"};
const std::initializer_list<std::string_view> kSeccompFlags = {
    "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"};
const std::initializer_list<std::string_view> kSeccompOps = {
    "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",       "SCMP_CMP_EQ",
    "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"};

// Kernel limits of dev_t: 12 bits of major, 20 of minor.
constexpr int64_t kMaxMajor = (1 << 12) - 1;
constexpr int64_t kMaxMinor = (1 << 20) - 1;
constexpr unsigned kSeccompMaxArgs = 6;

// A relative name that must stay inside its directory: no empty, "." or ".." component.
bool is_contained_name(std::string_view name, std::string_view separators) {
  if (name.empty()) return false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find_first_of(separators, start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

void validate_namespaces(const Linux& l, const std::string& origin) {
  std::set<std::string> seen;
  for (size_t i = 0; i < l.namespaces.size(); ++i) {
    const auto& ns = l.namespaces[i];
    std::string where = fmt::format("linux.namespaces[{}]", i);
    if (!one_of(ns.type, kNamespaceTypes))
      fail(origin, where + ".type", fmt::format("unknown namespace type \"{}\"", ns.type));
    if (!seen.insert(ns.type).second)
      fail(origin, where + ".type", fmt::format("duplicate namespace \"{}\"", ns.type));
    if (!ns.path.empty() && !ns.path.starts_with("/"))
      fail(origin, where + ".path", fmt::format("\"{}\" is not an absolute path", ns.path));
  }
}

void validate_user_mappings(const Linux& l, const std::string& origin) {
  const Namespace* user = nullptr;
  for (const auto& ns : l.namespaces)
    if (ns.type == "user") user = &ns;
  bool mapped = !l.uid_mappings.empty() || !l.gid_mappings.empty();
  if (!user && mapped) fail(origin, "linux.uidMappings", "mappings given without a user namespace");
  if (user && user->path.empty() && (l.uid_mappings.empty() || l.gid_mappings.empty()))
    fail(origin, "linux.uidMappings", "a new user namespace needs uidMappings and gidMappings");
  validate_id_mappings(l.uid_mappings, origin, "linux.uidMappings");
  validate_id_mappings(l.gid_mappings, origin, "linux.gidMappings");
}

void validate_time_offsets(const Linux& l, const std::string& origin) {
  if (l.time_offsets.empty()) return;
  for (const auto& [clock, offset] : l.time_offsets) {
    std::string where = "linux.timeOffsets." + clock;
    if (clock != "monotonic" && clock != "boottime")
      fail(origin, where, "unknown clock (want monotonic or boottime)");
    if (offset.nanosecs >= 1'000'000'000)
      fail(origin, where + ".nanosecs", "must be less than one second");
  }
  const Namespace* t = nullptr;
  for (const auto& ns : l.namespaces)
    if (ns.type == "time") t = &ns;
  // Offsets can only be written before any process enters the namespace: it must be new.
  if (!t || !t->path.empty()) fail(origin, "linux.timeOffsets", "needs a new time namespace");
}

void validate_devices(const Linux& l, const std::string& origin) {
  for (size_t i = 0; i < l.devices.size(); ++i) {
    const auto& d = l.devices[i];
    std::string where = fmt::format("linux.devices[{}]", i);
    if (!one_of(d.type, {"c", "b", "u", "p"}))
      fail(origin, where + ".type", fmt::format("unknown device type \"{}\"", d.type));
    if (!d.path.starts_with("/"))
      fail(origin, where + ".path", fmt::format("\"{}\" is not an absolute path", d.path));
    if (d.major < 0 || d.major > kMaxMajor)
      fail(origin, where + ".major", fmt::format("{} is out of range", d.major));
    if (d.minor < 0 || d.minor > kMaxMinor)
      fail(origin, where + ".minor", fmt::format("{} is out of range", d.minor));
    if (d.file_mode && *d.file_mode > 07777)
      fail(origin, where + ".fileMode",
           fmt::format("{:#o} has bits beyond permissions", *d.file_mode));
  }
}

void validate_device_rules(const std::vector<DeviceRule>& rules, const std::string& origin) {
  for (size_t i = 0; i < rules.size(); ++i) {
    const auto& r = rules[i];
    std::string where = fmt::format("linux.resources.devices[{}]", i);
    if (!one_of(r.type, {"a", "c", "b"}))
      fail(origin, where + ".type", fmt::format("unknown device type \"{}\"", r.type));
    if (r.access.empty() || r.access.find_first_not_of("rwm") != std::string::npos)
      fail(origin, where + ".access",
           fmt::format("\"{}\" is not a combination of r, w and m", r.access));
  }
}

void validate_memory(const MemoryResources& m, const std::string& origin) {
  auto limit = [&](const char* name, const std::optional<int64_t>& v) {
    if (v && *v < -1)
      fail(origin, fmt::format("linux.resources.memory.{}", name),
           fmt::format("{} is below -1", *v));
  };
  limit("limit", m.limit);
  limit("reservation", m.reservation);
  limit("swap", m.swap);
  limit("kernel", m.kernel);
  limit("kernelTCP", m.kernel_tcp);
  if (m.swappiness && *m.swappiness > 100)
    fail(origin, "linux.resources.memory.swappiness",
         fmt::format("{} is not between 0 and 100", *m.swappiness));
}

void validate_cpu(const CpuResources& c, const std::string& origin) {
  if (c.idle && *c.idle != 0 && *c.idle != 1)
    fail(origin, "linux.resources.cpu.idle", "must be 0 or 1");
  if (c.burst && c.quota && *c.quota > 0 && *c.burst > static_cast<uint64_t>(*c.quota))
    fail(origin, "linux.resources.cpu.burst", "must not exceed quota");
}

// "<size><K|M|G>B", as in the cgroup file name hugetlb.2MB.limit_in_bytes.
bool is_page_size(std::string_view s) {
  if (s.size() < 3 || !s.ends_with("B") || !one_of(s.substr(s.size() - 2, 1), {"K", "M", "G"}))
    return false;
  std::string_view digits = s.substr(0, s.size() - 2);
  return digits.find_first_not_of("0123456789") == std::string_view::npos;
}

void validate_resources(const Resources& r, const std::string& origin) {
  validate_device_rules(r.devices, origin);
  if (r.memory) validate_memory(*r.memory, origin);
  if (r.cpu) validate_cpu(*r.cpu, origin);
  for (size_t i = 0; i < r.hugepage_limits.size(); ++i)
    if (!is_page_size(r.hugepage_limits[i].page_size))
      fail(origin, fmt::format("linux.resources.hugepageLimits[{}].pageSize", i),
           fmt::format("\"{}\" is not a page size like 2MB", r.hugepage_limits[i].page_size));
  // Keys name files in the container's cgroup directory: they must not reach out of it.
  for (const auto& [key, value] : r.unified)
    if (key.find('/') != std::string::npos || !is_contained_name(key, "."))
      fail(origin, "linux.resources.unified", fmt::format("\"{}\" is not a cgroup file name", key));
}

void validate_seccomp_action(const std::string& action, const std::optional<unsigned>& errno_ret,
                             const std::string& origin, const std::string& where) {
  if (!one_of(action, kSeccompActions))
    fail(origin, where, fmt::format("unknown seccomp action \"{}\"", action));
  if (errno_ret && action != "SCMP_ACT_ERRNO" && action != "SCMP_ACT_TRACE")
    fail(origin, where, fmt::format("{} does not take an errno", action));
}

void validate_seccomp_syscall(const SeccompSyscall& sc, const std::string& origin,
                              const std::string& where) {
  if (sc.names.empty()) fail(origin, where + ".names", "must name at least one syscall");
  for (size_t j = 0; j < sc.names.size(); ++j)
    if (sc.names[j].empty())
      fail(origin, fmt::format("{}.names[{}]", where, j), "must not be empty");
  validate_seccomp_action(sc.action, sc.errno_ret, origin, where + ".action");
  for (size_t j = 0; j < sc.args.size(); ++j) {
    std::string arg = fmt::format("{}.args[{}]", where, j);
    if (sc.args[j].index >= kSeccompMaxArgs)
      fail(origin, arg + ".index", fmt::format("{} is not below 6", sc.args[j].index));
    if (!one_of(sc.args[j].op, kSeccompOps))
      fail(origin, arg + ".op", fmt::format("unknown operator \"{}\"", sc.args[j].op));
  }
}

void validate_seccomp(const Seccomp& s, const std::string& origin) {
  validate_seccomp_action(s.default_action, s.default_errno_ret, origin,
                          "linux.seccomp.defaultAction");
  // The notify fd is passed by the runtime with syscalls the default action would intercept.
  if (s.default_action == "SCMP_ACT_NOTIFY")
    fail(origin, "linux.seccomp.defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
  for (size_t i = 0; i < s.architectures.size(); ++i)
    if (!one_of(s.architectures[i], kSeccompArches))
      fail(origin, fmt::format("linux.seccomp.architectures[{}]", i),
           fmt::format("unknown architecture \"{}\"", s.architectures[i]));
  for (size_t i = 0; i < s.flags.size(); ++i)
    if (!one_of(s.flags[i], kSeccompFlags))
      fail(origin, fmt::format("linux.seccomp.flags[{}]", i),
           fmt::format("unknown flag \"{}\"", s.flags[i]));
  bool notify = false;
  for (size_t i = 0; i < s.syscalls.size(); ++i) {
    validate_seccomp_syscall(s.syscalls[i], origin, fmt::format("linux.seccomp.syscalls[{}]", i));
    if (s.syscalls[i].action != "SCMP_ACT_NOTIFY") continue;
    notify = true;
    // The process sends the agent its listener fd with sendmsg, under the filter just loaded.
    const auto& names = s.syscalls[i].names;
    for (size_t n = 0; n < names.size(); ++n)
      if (names[n] == "sendmsg")
        fail(origin, fmt::format("linux.seccomp.syscalls[{}].names[{}]", i, n),
             "SCMP_ACT_NOTIFY cannot apply to sendmsg: the listener fd is sent to the agent with it");
  }
  if (notify && s.listener_path.empty())
    fail(origin, "linux.seccomp.listenerPath", "SCMP_ACT_NOTIFY needs a listenerPath");
  if (!s.listener_metadata.empty() && s.listener_path.empty())
    fail(origin, "linux.seccomp.listenerMetadata", "is set without a listenerPath");
}

void validate_absolute_list(const std::vector<std::string>& paths, const std::string& origin,
                            const std::string& name) {
  for (size_t i = 0; i < paths.size(); ++i)
    if (!paths[i].starts_with("/"))
      fail(origin, fmt::format("{}[{}]", name, i),
           fmt::format("\"{}\" is not an absolute path", paths[i]));
}

void validate_sysctl(const Linux& l, const std::string& origin) {
  // A key becomes a path under /proc/sys ("." and "/" both separate): it must stay there.
  for (const auto& [key, value] : l.sysctl)
    if (!is_contained_name(key, "./"))
      fail(origin, "linux.sysctl", fmt::format("\"{}\" is not a sysctl name", key));
}

void validate_cgroups_path(const Linux& l, const std::string& origin) {
  std::string_view p = l.cgroups_path;
  while (p.starts_with("/")) p.remove_prefix(1);
  if (p.empty()) return;
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = std::min(p.find('/', start), p.size());
    if (p.substr(start, end - start) == "..")
      fail(origin, "linux.cgroupsPath", "must not contain \"..\"");
    start = end + 1;
  }
}

}  // namespace

void validate_linux(const Spec& s, const std::string& origin) {
  const Linux& l = *s.linux_;
  validate_namespaces(l, origin);
  validate_user_mappings(l, origin);
  validate_time_offsets(l, origin);
  validate_sysctl(l, origin);
  validate_devices(l, origin);
  if (l.resources) validate_resources(*l.resources, origin);
  validate_cgroups_path(l, origin);
  if (l.seccomp) validate_seccomp(*l.seccomp, origin);
  if (!l.rootfs_propagation.empty() && !one_of(l.rootfs_propagation, kPropagations))
    fail(origin, "linux.rootfsPropagation",
         fmt::format("unknown propagation \"{}\"", l.rootfs_propagation));
  validate_absolute_list(l.masked_paths, origin, "linux.maskedPaths");
  validate_absolute_list(l.readonly_paths, origin, "linux.readonlyPaths");
}

}  // namespace berth::oci::detail

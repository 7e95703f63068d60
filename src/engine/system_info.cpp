// The facts `berth info` shows, read from the state on disk, /proc, /sys and the kernel.
#include "engine/system_info.hpp"

#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include <linux/magic.h>

#include <filesystem>
#include <map>
#include <set>

#include <fmt/core.h>

#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "engine/container_store.hpp"
#include "engine/resource_check.hpp"
#include "image/sha256.hpp"

namespace berth::engine {

ContainerCounts count_by_status(const std::vector<std::string>& statuses) {
  ContainerCounts c;
  for (const auto& s : statuses) {
    ++c.total;
    if (s == "running") ++c.running;
    else if (s == "paused") ++c.paused;
    else ++c.stopped;
  }
  return c;
}

ContainerCounts count_containers(const Paths& paths) {
  std::vector<std::string> statuses;
  for (const auto& r : ContainerStore(paths).list()) statuses.push_back(live_status(r));
  return count_by_status(statuses);
}

namespace {

// A value of os-release: shell-like, optionally in double or single quotes with \-escapes.
std::string unquote(std::string_view v) {
  if (v.size() < 2 || (v.front() != '"' && v.front() != '\'') || v.back() != v.front()) return std::string(v);
  std::string out;
  for (size_t i = 1; i + 1 < v.size(); ++i) {
    if (v.front() == '"' && v[i] == '\\' && i + 2 < v.size()) ++i;
    out += v[i];
  }
  return out;
}

}  // namespace

OsRelease parse_os_release(std::string_view text) {
  OsRelease os;
  for (const std::string& whole : split(text, '\n')) {
    std::string_view line = trim(whole);
    if (line.empty() || line.starts_with('#')) continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = line.substr(0, eq);
    std::string value = unquote(line.substr(eq + 1));
    if (key == "PRETTY_NAME" && !value.empty()) os.pretty_name = value;
    if (key == "VERSION_ID") os.version_id = value;
  }
  return os;
}

OsRelease read_os_release() {
  for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
    if (path_exists(path)) return parse_os_release(read_file(path));
  }
  return {};
}

std::string filesystem_name(int64_t magic) {
  // docker's names (daemon/graphdriver's FsNames) for the filesystems it knows.
  static const std::map<int64_t, std::string> names = {
      {0xEF53, "extfs"},         {0x58465342, "xfs"},   {0x9123683E, "btrfs"},   {0x01021994, "tmpfs"},
      {0x794C7630, "overlayfs"}, {0x2FC12FC1, "zfs"},   {0x6969, "nfs"},         {0x858458F6, "ramfs"},
      {0x73717368, "squashfs"},  {0xF2F52010, "f2fs"},  {0xF15F, "ecryptfs"},    {0x65735546, "fuse"},
      {0x61756673, "aufs"},      {0x5346414F, "afs"},   {0x6E736673, "nsfs"},    {0x00C36400, "ceph"},
      {0x0BD00BD0, "lustre"},    {0x28CD3D45, "cramfs"}, {0x3153464A, "jfs"},    {0x52654973, "reiserfs"},
  };
  auto it = names.find(magic);
  return it == names.end() ? "<unknown>" : it->second;
}

std::string backing_filesystem(const std::string& path) {
  std::filesystem::path p = path.empty() ? "/" : path;
  for (;;) {
    struct statfs fs {};
    if (::statfs(p.c_str(), &fs) == 0) return filesystem_name(static_cast<int64_t>(fs.f_type));
    if (!p.has_parent_path() || p.parent_path() == p) return "<unknown>";
    p = p.parent_path();
  }
}

namespace {

bool has(const std::string& dir, const char* file) { return path_exists(dir + "/" + file); }

CgroupSupport probe_v1(const std::string& mount) {
  CgroupSupport s;
  s.version = 1;
  std::string memory = mount + "/memory", cpu = mount + "/cpu", cpuset = mount + "/cpuset", pids = mount + "/pids";
  s.memory_limit = has(memory, "memory.limit_in_bytes");
  s.swap_limit = has(memory, "memory.memsw.limit_in_bytes");
  s.kernel_memory_tcp = has(memory, "memory.kmem.tcp.limit_in_bytes");
  s.oom_kill_disable = has(memory, "memory.oom_control");
  s.cpu_cfs_quota = has(cpu, "cpu.cfs_quota_us");
  s.cpu_cfs_period = has(cpu, "cpu.cfs_period_us");
  s.cpu_shares = has(cpu, "cpu.shares");
  s.cpuset = has(cpuset, "cpuset.cpus");
  s.pids_limit = path_exists(pids);
  return s;
}

CgroupSupport probe_v2(const std::string& mount) {
  CgroupSupport s;
  s.version = 2;
  std::set<std::string> controllers;
  if (path_exists(mount + "/cgroup.controllers"))
    for (const auto& word : split(trim(read_file(mount + "/cgroup.controllers")), ' ')) controllers.insert(word);
  s.memory_limit = controllers.contains("memory");
  s.cpu_cfs_quota = s.cpu_cfs_period = s.cpu_shares = controllers.contains("cpu");
  s.cpuset = controllers.contains("cpuset");
  s.pids_limit = controllers.contains("pids");
  // The root cgroup has no memory.swap.max; a child with the memory controller does when the
  // kernel accounts swap.
  std::error_code ec;
  if (!s.memory_limit) return s;
  for (const auto& entry : std::filesystem::directory_iterator(mount, ec)) {
    if (entry.is_directory(ec) && has(entry.path().string(), "memory.swap.max")) {
      s.swap_limit = true;
      break;
    }
  }
  return s;
}

}  // namespace

CgroupSupport probe_cgroups(int version, const std::string& mount) {
  return version == 2 ? probe_v2(mount) : probe_v1(mount);
}

std::vector<std::string> cgroup_warnings(const CgroupSupport& s) {
  std::vector<std::string> w;
  auto warn_unless = [&w](bool supported, const char* what) {
    if (!supported) w.push_back(fmt::format("WARNING: No {} support", what));
  };
  warn_unless(s.memory_limit, "memory limit");
  warn_unless(s.swap_limit, "swap limit");
  if (s.version == 1) {  // neither exists on v2, and nothing can be done about it there
    warn_unless(s.kernel_memory_tcp, "kernel memory TCP limit");
    warn_unless(s.oom_kill_disable, "oom kill disable");
  }
  warn_unless(s.cpu_cfs_quota, "cpu cfs quota");
  warn_unless(s.cpu_cfs_period, "cpu cfs period");
  warn_unless(s.cpu_shares, "cpu shares");
  warn_unless(s.cpuset, "cpuset");
  return w;
}

HostFacts host_facts() {
  HostFacts h;
  struct utsname u {};
  if (::uname(&u) == 0) {
    h.kernel_version = u.release;
    h.architecture = u.machine;
    h.hostname = u.nodename;
  }
  // Go's runtime.NumCPU, which docker shows: the CPUs this process may run on.
  h.cpus = static_cast<int>(cpus_online());
  struct sysinfo si {};
  if (::sysinfo(&si) == 0) h.memory_bytes = static_cast<uint64_t>(si.totalram) * si.mem_unit;
  return h;
}

std::string engine_id(const std::string& machine_id, const std::string& root) {
  std::string hex = image::sha256_hex(std::string(trim(machine_id)) + "\n" + root);
  // A version 4-shaped UUID (RFC 4122 layout) from the first 128 bits.
  hex[12] = '4';
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4), hex.substr(16, 4),
                     hex.substr(20, 12));
}

}  // namespace berth::engine

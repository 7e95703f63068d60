// What `berth info` reports about the engine's state and the host, gathered as dockerd gathers it
// for `docker info`: container counts by state, the image count, the host's OS, kernel, CPUs and
// memory, the filesystem under --root, the cgroup hierarchy and which limits it supports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/paths.hpp"

namespace berth::engine {

// dockerd's counts: "running" and "paused" by name, every other state (created, exited,
// restarting, dead) stopped.
struct ContainerCounts {
  int total = 0, running = 0, paused = 0, stopped = 0;
};
ContainerCounts count_by_status(const std::vector<std::string>& statuses);
// Reads every record as `ps -a` does: the live status, true also when a monitor was killed.
ContainerCounts count_containers(const Paths& paths);

// /etc/os-release's PRETTY_NAME and VERSION_ID, unquoted; "Linux" when it names none (docker's).
struct OsRelease {
  std::string pretty_name = "Linux";
  std::string version_id;
};
OsRelease parse_os_release(std::string_view text);
// /etc/os-release, else /usr/lib/os-release.
OsRelease read_os_release();

// docker's name for a filesystem type (statfs f_type): "extfs", "xfs", "tmpfs", …, "<unknown>".
std::string filesystem_name(int64_t magic);
// The filesystem `path` is on, or that of its nearest existing parent (--root may not exist yet).
std::string backing_filesystem(const std::string& path);

// The cgroup limits this host supports, as dockerd's sysinfo finds them.
struct CgroupSupport {
  int version = 1;
  bool memory_limit = false, swap_limit = false, kernel_memory_tcp = false, oom_kill_disable = false;
  bool cpu_cfs_quota = false, cpu_cfs_period = false, cpu_shares = false, cpuset = false, pids_limit = false;
};
// Probes the hierarchy mounted at `mount` (default /sys/fs/cgroup): v1's per-controller
// directories and their files, or v2's cgroup.controllers. `version` is detected by the caller.
CgroupSupport probe_cgroups(int version, const std::string& mount = "/sys/fs/cgroup");
// dockerd's warnings for what is missing, in its words ("WARNING: No swap limit support").
std::vector<std::string> cgroup_warnings(const CgroupSupport& support);

// The host as uname(2), sysinfo(2) and the scheduler see it.
struct HostFacts {
  std::string kernel_version, architecture, hostname;
  int cpus = 0;
  uint64_t memory_bytes = 0;
};
HostFacts host_facts();

// A stable id for this engine: a UUID made from /etc/machine-id and the --root, so that the
// same root on the same machine always shows the same ID and `info` writes nothing.
std::string engine_id(const std::string& machine_id, const std::string& root);

}  // namespace berth::engine

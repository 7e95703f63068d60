// Starting a new process inside a container's cgroup without the kernel's global lock.
//
// Writing a pid into cgroup.procs takes cgroup_threadgroup_rwsem for writing, and that waits for
// an RCU grace period: 4-16 ms per write measured here (perf trace), most of a container's
// start, and runc and crun pay it too. Two ways avoid it:
// - v2: clone3(CLONE_INTO_CGROUP) makes the child in the cgroup (the lock is only read there);
// - v1, which has no such flag: the child, still single-threaded, writes "0" (itself, one
//   thread) into each hierarchy's `tasks` file, a move the kernel makes without that lock. The
//   files are opened by the runtime (before clone for exec; for a new container after it, and
//   passed over the sync socket: init/cgroup_gate.hpp), so the kernel checks the runtime's
//   credentials (open-time) and the child needs no path into the host's cgroupfs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"

namespace berth::cgroups {

struct OpenTasksFile {
  UniqueFd fd;  // O_WRONLY | O_CLOEXEC
  std::string path;
};

struct Placement {
  UniqueFd clone_into;  // v2: the cgroup's directory, for clone3(CLONE_INTO_CGROUP)
  std::string clone_into_path;
  bool placed_by_clone = false;           // set by the spawner when clone3 did it
  std::vector<OpenTasksFile> tasks_files;  // v1: the child writes "0" into each

  // True when the runtime still has to add the child itself (v2 on a kernel without clone3).
  bool needs_parent_add() const { return clone_into && !placed_by_clone; }
};

// In the child, single-threaded: writes "0" into every v1 `tasks` file and closes them. Nothing to do for v2. Throws Error
// naming the file.
void place_self(Placement& placement);

// The v1 tasks files as they travel to a child that was cloned before they were opened (the
// runtime makes a v1 cgroup while its init sets up, see sync_channel.hpp): their paths, one a
// line, and their fds in the same order; and back. Throws Error when the counts differ.
std::string tasks_paths_text(const Placement& placement);
std::vector<int> tasks_fds(const Placement& placement);
Placement placement_from(std::string_view paths_text, std::vector<UniqueFd> fds);

}  // namespace berth::cgroups

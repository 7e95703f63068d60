// cgroups::Manager: one container's cgroup, the same interface over cgroup v1 and v2.
//
// The runtime creates the cgroup before the container's init runs anything, adds the init to
// it, applies linux.resources, and removes it on delete. The paths it chose are saved in the
// container's state (to_json / from_json) so later commands (kill --all, pause, ps, delete)
// act on exactly the same cgroup.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "oci/spec.hpp"
#include "runtime/cgroups/placement.hpp"
#include "runtime/cgroups/v1/mountinfo.hpp"

namespace berth::cgroups {

enum class Version { kV1, kV2 };

// Which hierarchy this machine uses for controllers: v2 when /sys/fs/cgroup is cgroup2
// (unified), v1 otherwise (legacy or hybrid with an empty unified mount).
Version detect_version();

class Manager {
 public:
  virtual ~Manager() = default;

  virtual Version version() const = 0;
  // Creates the cgroup (and its parents); existing directories are reused.
  virtual void create() = 0;
  // Writes linux.resources into the controllers. Throws Error naming the file and value.
  // Device rules: v1 writes devices.allow/deny; v2 attaches an eBPF device program.
  virtual void apply(const oci::Resources& resources) = 0;
  // Moves `pid` into the cgroup (every v1 hierarchy, or the v2 one). Slow: see placement.hpp.
  virtual void add_process(pid_t pid) = 0;
  // What a process about to be cloned needs to start in the cgroup without the global lock
  // (placement.hpp). Call after create(). Throws Error naming the file or directory.
  virtual Placement open_placement() const = 0;
  // Freezer: pause and resume every process of the cgroup; waits until the state is reached.
  virtual void freeze() = 0;
  virtual void thaw() = 0;
  virtual bool frozen() const = 0;
  // Every pid in the cgroup (recursively on v2: cgroup.procs of the subtree).
  virtual std::vector<pid_t> pids() const = 0;
  // Removes the cgroup directories; tolerates ones already gone. Retries while the kernel still
  // counts exiting tasks (EBUSY) for a short while.
  virtual void destroy() = 0;
  // Where the cgroup lives, for the container's state file.
  virtual nlohmann::json to_json() const = 0;
  // Usage in runc's `events --stats` shape: {"cpu":{"usage":{"total"}},"memory":{"usage":
  // {"usage","max","limit"}},"pids":{"current","limit"}}. A missing controller is left out.
  virtual nlohmann::json stats() const = 0;
};

// What this machine mounts, read once per container: its manager and, on v1, the container's
// own cgroup mount (init/mounts.cpp) use the same reading of mountinfo (~0.1 ms a read, more
// with every container's mounts).
struct HostCgroups {
  Version version = Version::kV1;
  std::vector<v1::Hierarchy> v1_hierarchies;  // v1: every hierarchy mounted; v2: empty
};
// Throws Error only when mountinfo cannot be read; on v1 with no hierarchy mounted the list is
// empty (make_manager refuses that; a container's cgroup mount shows nothing).
HostCgroups read_host_cgroups();

// A manager for `cgroups_path` from config.json (absolute: under each hierarchy's root;
// relative: likewise, runc's reading; empty: "/berth/<id>"). Nothing is created yet. Throws
// Error on v1 when no hierarchy is mounted.
std::unique_ptr<Manager> make_manager(const HostCgroups& host, const std::string& cgroups_path,
                                      const std::string& id);
// A manager for a cgroup recorded earlier by Manager::to_json().
std::unique_ptr<Manager> load_manager(const nlohmann::json& saved);

}  // namespace berth::cgroups

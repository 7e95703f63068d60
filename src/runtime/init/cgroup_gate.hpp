// Where the container's init enters its cgroup: as late as its setup allows, so that the
// runtime can make the cgroup and the state directory while the init sets up its namespaces.
//
// On cgroup v1 a container's cgroup is nine or more directories, each with knobs to write, and
// the state directory is a few files: more than half of the runtime's work before clone once
// used to be. The init's first steps (its namespaces, loopback, hostname, keyring, rootfs, the
// mounts of proc, dev, sysfs...) need neither, so the runtime clones first and the two run at
// once on two cores. The init waits here for kCgroupReady, which carries the read end of
// exec.fifo and the v1 `tasks` files the runtime opened (placement.hpp), moves itself, and then
// makes its cgroup namespace, whose root is the cgroup it is in at that moment. On v2 the init
// was cloned into its cgroup already; the message then says that resources are applied.
//
// What the init does before the gate is charged to the runtime's cgroup: mount structures and
// the like, a few KiB, and no process of the container's runs before it.
#pragma once

#include "base/unique_fd.hpp"
#include "runtime/cgroups/placement.hpp"
#include "runtime/sync_channel.hpp"

namespace berth::runtime {

class CgroupGate {
 public:
  CgroupGate(const SyncChannel& sync, bool new_cgroup_namespace)
      : sync_(sync), new_cgroup_namespace_(new_cgroup_namespace) {}

  // The first call waits for the runtime, enters the cgroup and unshares the cgroup namespace
  // if the config asks for a new one; later calls return at once. Throws Error naming the step.
  void pass();
  // The read end of exec.fifo that came with the message (after pass()).
  UniqueFd take_start_fifo() { return std::move(start_fifo_); }

 private:
  const SyncChannel& sync_;
  bool new_cgroup_namespace_;
  bool passed_ = false;
  UniqueFd start_fifo_;
};

// What the runtime sends: the fifo's read end first, then the tasks files.
void send_cgroup_ready(const SyncChannel& sync, int start_fifo, const cgroups::Placement& placement);

}  // namespace berth::runtime

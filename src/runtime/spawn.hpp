// Cloning a process into new or joined namespaces.
#pragma once

#include <sched.h>
#include <sys/types.h>

#include <functional>

#include "oci/spec.hpp"
#include "runtime/cgroups/placement.hpp"
#include "runtime/namespaces.hpp"

namespace berth::runtime {

// The new namespaces a clone makes: pid (it applies to children only) and user (the runtime writes
// its id maps before the child goes on). The child makes the others itself with
// unshare_new_namespaces: the kernel's work for a network namespace (~0.5 ms) and the copy of the
// mount table then run while the runtime makes the cgroup, instead of before.
inline constexpr int kNewAtClone = CLONE_NEWPID | CLONE_NEWUSER;

// Clones a child running `child` (which must not return) with the plan's new pid and user
// namespaces. The pid and time namespaces only apply to children, so joining (or, for time,
// creating with offsets) them happens here in the parent just around the clone, then the parent
// steps back. The cgroup namespace is left to the child: it must unshare after being placed in
// its cgroup.
// With a v2 `placement`, the child is cloned into its cgroup (placement->placed_by_clone says
// whether the kernel could); v1 placements are the child's to do (cgroups::place_self).
pid_t spawn_in_namespaces(const NamespacePlan& plan, const oci::Spec& spec,
                          const std::function<void()>& child, cgroups::Placement* placement = nullptr);

// In the child: makes the plan's new mount, network, ipc and uts namespaces (one unshare).
void unshare_new_namespaces(const NamespacePlan& plan);

// Writes uid_map and gid_map of a child in a new user namespace.
void write_id_mappings(pid_t pid, const oci::Linux& linux_);

}  // namespace berth::runtime

// Turning a container's --ipc mode into namespaces and mounts, and keeping shareable IPC
// namespaces alive across restarts.
//
// A shareable container owns an "IPC group" named by its id: <runroot>/ipc/<id>/shm is a tmpfs
// (its /dev/shm, --shm-size) mounted on the host, and <runroot>/ipc/<id>/ns a bind mount of its
// IPC namespace (nsfs), made when the container first starts. Later starts of the donor and
// every `--ipc container:<donor>` joiner enter the pinned namespace and bind the same /dev/shm,
// so a restarted donor keeps talking to its joiners (moby#36334 splits them). The group is
// released (both unmounted) when the last container in it is removed; the donor's record lists
// its joiners so that finding the last one reads the group's records, not every record.
#pragma once

#include <sys/types.h>

#include <string>

#include "engine/container_store.hpp"
#include "engine/ipc_mode.hpp"

namespace berth::engine {

struct IpcPlan {
  enum class Namespace { kNew, kJoin, kHost };
  enum class Shm { kNone, kTmpfs, kBind };
  Namespace ns = Namespace::kNew;
  std::string ns_path;  // kJoin
  Shm shm = Shm::kTmpfs;
  std::string shm_source;  // kBind: the host directory mounted at /dev/shm
  long long shm_size = kDefaultShmSize;
  bool owns_namespace = true;  // IPC sysctls allowed
};

// Checks the mode against the other containers and fills record.ipc_group. Throws (exit 125)
// for a missing, stopped, non-shareable donor, and for --shm-size or IPC sysctls with a mode
// that does not own its namespace. A joiner is added to the group's own record's list of
// joiners (ContainerRecord::ipc_joiners), before its own record exists. Call with the store
// lock held.
void assign_ipc_group(const ContainerStore& store, ContainerRecord& record);
// Takes a removed joiner off its group's list. Call with the store lock held, after the
// joiner's record is gone (a crash between leaves an entry that names no record).
void forget_ipc_joiner(const ContainerStore& store, const ContainerRecord& joiner);
// What the next start of `record` gets; prepares the group's /dev/shm tmpfs when missing.
IpcPlan prepare_ipc(const Paths& paths, const ContainerRecord& record);
// Pins the namespace of `pid` (a freshly created init) for a shareable group, once.
void pin_ipc_namespace(const Paths& paths, const ContainerRecord& record, pid_t pid);
// True when no record but that of `leaving_id` is in `group`: the group's own record and its
// list of joiners are read, or, without a list, every record. Call with the store lock held and
// remove the leaving record under the same hold: two members removed at once (two monitors of
// --rm containers) then cannot both see the other and both keep the group.
bool ipc_group_unused(const ContainerStore& store, const std::string& group, const std::string& leaving_id);
// Unmounts and removes the group's pin and /dev/shm.
void release_ipc_group(const Paths& paths, const std::string& group);
// The inode of the IPC namespace of `pid`, or 0.
uint64_t ipc_namespace_inode(pid_t pid);
// True for sysctls that live in the IPC namespace (runc's list).
bool is_ipc_sysctl(const std::string& name);

}  // namespace berth::engine

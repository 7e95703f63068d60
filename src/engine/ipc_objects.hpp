// berth ipcs: the IPC objects inside a container's IPC namespace, read from the host without
// any tool in the image: /proc/sysvipc/* from a child that setns()es into the namespace, POSIX
// message queues from an mqueue mount made in that child's private mount namespace, and the
// container's /dev/shm through /proc/<pid>/root.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>

namespace berth::engine {

// {"namespace": "ipc:[N]", "shm": [{key, id, owner, perms, bytes, attached}], "sem": [{key, id,
//  owner, perms, nsems}], "msg": [{key, id, owner, perms, bytes, messages}], "mqueue": [{name,
//  bytes, ...}], "shm_files": [{name, bytes}]}
nlohmann::json list_ipc_objects(pid_t pid);

}  // namespace berth::engine

// One start of a container: rootfs, IPC group, OCI bundle, runtime create and start.
#pragma once

#include <sys/types.h>

#include "base/unique_fd.hpp"
#include "engine/container_store.hpp"

namespace berth::engine {

// The container's stdio as the runtime should hand it to the init.
struct StartedContainer {
  pid_t pid = 0;
  UniqueFd stdout_read;  // or the pty master with a tty
  UniqueFd stderr_read;  // empty with a tty
  UniqueFd stdin_write;  // with -i
};

// Mounts the rootfs, writes the bundle, creates and starts the container through its runtime's
// RuntimeClient (this process becomes the init's parent, or with an external runtime its
// subreaper). Updates the record to running. On failure undoes what it did and throws.
StartedContainer start_container_once(const ContainerStore& store, ContainerRecord& record, bool keep_stdin);
// After the init exited: removes the runtime's state and cgroup; with `unmount`, the rootfs too.
void cleanup_after_exit(const ContainerStore& store, const ContainerRecord& record, bool unmount);

}  // namespace berth::engine

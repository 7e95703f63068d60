// Starting a detached container: fork the monitor, wait for its "started" or its error.
#pragma once

#include <sys/types.h>

#include <string>

#include "engine/container_store.hpp"

namespace berth::engine {

// Forks a monitor for `id` (setsid, stdio on /dev/null, re-executed from a sealed copy of this
// binary as `berth --root … container-monitor ID --sync-fd 3`) and waits until it reports.
// With `attach_fd` (one end of a connected socket), the monitor takes it as its first attach
// client (as fd 4, `--attach-fd 4`) before the container writes anything.
// Returns the container's init pid; throws the monitor's error with its exit code.
pid_t launch_monitor(const ContainerStore& store, const std::string& id, char** envp, int attach_fd = -1);

}  // namespace berth::engine

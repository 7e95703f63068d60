// Starting a detached container: fork the monitor, wait for its "started" or its error.
#pragma once

#include <sys/types.h>

#include <string>

#include "engine/container_store.hpp"

namespace berth::engine {

// Forks a monitor for `id` (setsid, stdio on /dev/null, re-executed from a sealed copy of this
// binary as `berth --root … container-monitor ID --sync-fd 3`) and waits until it reports.
// Returns the container's init pid; throws the monitor's error with its exit code.
pid_t launch_monitor(const ContainerStore& store, const std::string& id, char** envp);

}  // namespace berth::engine

// docker pause and unpause: the container's cgroup frozen by its runtime (runc pause/resume),
// recorded as "paused" so that ps, inspect and wait see it.
#pragma once

#include <string>

#include "engine/container_store.hpp"

namespace berth::engine {

// Throws Error (exit 1) with dockerd's words: "Container ID is not running", "... is already
// paused" (pause), "... is not paused" (unpause).
void pause_container(const ContainerStore& store, const std::string& id);
void unpause_container(const ContainerStore& store, const std::string& id);

// After a SIGKILL to a paused container: thaw it, or the signal waits as long as the freeze.
void thaw_after_kill(const ContainerStore& store, const ContainerRecord& r);

}  // namespace berth::engine

// How the berth commands reach the engine: the container store for the global flags.
#pragma once

#include "cli/berth/command.hpp"
#include "engine/container_store.hpp"

namespace berth::cli {

inline engine::ContainerStore container_store(const Globals& g) {
  return engine::ContainerStore(engine::Paths{g.root, g.runroot, g.cgroup_parent});
}

// The container's name as docker prints it in errors and lists.
inline const std::string& display_name(const engine::ContainerRecord& r) { return r.name; }

}  // namespace berth::cli

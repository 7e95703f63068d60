// docker diff: what a container's writable layer changed in its image (image/layer_changes.hpp),
// leaving out the mount points the engine makes there for every container.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/container_record.hpp"
#include "engine/paths.hpp"
#include "image/layer_changes.hpp"

namespace berth::engine {

// The mount points every start makes in the container's layer when the image lacks them (paths
// without the leading slash): those of the default mounts and of the /etc files docker provides.
// docker makes them in a layer of its own (the "init" layer), so its diff never shows them.
std::set<std::string> engine_mount_points(const Paths& p, const ContainerRecord& r);

// The container's changes, sorted by path, whether it runs or not.
std::vector<image::Change> container_changes(const Paths& p, const ContainerRecord& r);

}  // namespace berth::engine

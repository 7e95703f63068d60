// Docker's copy of image content into an empty volume, done when a container is created.
//
// For each volume mount (named or anonymous) without nocopy whose volume is empty, the files the
// image has at the mount's destination are copied in, and the volume's root takes the owner and
// mode of the image's directory. Bind mounts, non-empty volumes and destinations the image does
// not have as a directory are left alone.
#pragma once

#include <string>
#include <vector>

#include "engine/container_record.hpp"
#include "engine/paths.hpp"

namespace berth::engine {

// The mounts whose volumes may be filled, in the container's mount order.
std::vector<MountSpec> prefill_candidates(const ContainerRecord& r);

// The volumes to lock while filling, sorted and without repeats, so that two creates never
// wait on each other's locks in opposite orders and a volume mounted twice is locked once.
std::vector<std::string> volumes_to_lock(const std::vector<MountSpec>& candidates);

// Fills the container's empty volumes from its rootfs, mounted for the duration when needed.
// On failure every volume it had filled is emptied again and given back its owner and mode.
void prefill_volumes(const Paths& p, const ContainerRecord& r);

}  // namespace berth::engine

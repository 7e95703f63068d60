// A container's root filesystem: the image's layers under its own upper, mounted at
// <runroot>/containers/<id>/rootfs.
#pragma once

#include "engine/container_record.hpp"
#include "engine/paths.hpp"

namespace berth::engine {

// Mounts the container's overlay unless it is mounted already.
void mount_container_rootfs(const Paths& p, const ContainerRecord& r);

}  // namespace berth::engine

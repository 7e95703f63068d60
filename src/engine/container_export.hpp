// docker export: a container's filesystem as the container sees it (its image's layers and its
// own writable layer, without the mounts a start adds) as one tar.
#pragma once

#include <string>

#include "engine/container_store.hpp"

namespace berth::engine {

// Writes the tar of container `id` to `out_fd`. A running container's rootfs is read where it is
// mounted; a stopped one's is mounted for the copy, under its start lock so that no start mounts
// it meanwhile, in a mount namespace this process then keeps to itself. Throws docker's "No such
// container" when it is removed first.
void export_container(const ContainerStore& store, const std::string& id, int out_fd);

}  // namespace berth::engine

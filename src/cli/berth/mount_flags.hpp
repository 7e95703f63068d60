// Docker's three ways to ask for a mount, -v/--volume, --mount and --tmpfs, read as the docker CLI
// reads them and checked as dockerd checks them, with their messages.
#pragma once

#include <string>

#include "engine/container_record.hpp"

namespace berth::cli {

// HOST-PATH:TARGET[:MODE], NAME:TARGET[:MODE] or TARGET (an anonymous volume); MODE is a comma
// list of at most one of ro/rw, z/Z, a propagation, nocopy and a consistency.
engine::MountSpec parse_volume_flag(const std::string& value);
// type=bind|volume|tmpfs,source=,target=,readonly,bind-*,volume-*,tmpfs-*: a CSV record.
engine::MountSpec parse_mount_flag(const std::string& value);
// TARGET[:OPTIONS] (tmpfs mount options, passed to the kernel).
engine::MountSpec parse_tmpfs_flag(const std::string& value);

}  // namespace berth::cli

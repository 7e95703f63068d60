// Docker's checks of a container's mount, whichever flag made it, in dockerd's words.
#pragma once

#include <string>
#include <string_view>

#include "engine/container_record.hpp"

namespace berth::engine {

// One of the six propagation words (shared, rshared, slave, rslave, private, rprivate).
bool is_propagation(std::string_view word);
// The propagation asked for (shared, rshared, slave, rslave, private, rprivate), or "".
std::string mount_propagation(const MountSpec& m);

// Throws dockerd's message (`invalid mount config for type "bind": ...`, exit 125) for a mount
// it would refuse: no or a relative target, "/" as target, a bind without an absolute source, a
// bind source that is missing when `bind_source_must_exist` (--mount; -v makes it), options of
// another type, a read-only anonymous volume, a tmpfs with a source. (A volume's name is the
// local driver's to check, when the container is created.)
void check_mount_config(const MountSpec& m, bool bind_source_must_exist);

// dockerd's "invalid mount path: 'x' mount path must be absolute" or "destination can't be '/'"
// for a target; --tmpfs reports it without the mount config prefix.
void check_mount_target(const std::string& target);

}  // namespace berth::engine

// The mounts in docker inspect's shape: each flag's mounts where docker shows that flag's.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/container_record.hpp"
#include "engine/container_store.hpp"

namespace berth::cli {

// "Mounts": every mount as the container sees it (Type, Name, Source, Destination, Mode, RW, Propagation).
nlohmann::json mount_points_json(const engine::ContainerStore& store, const engine::ContainerRecord& r);
// HostConfig.Binds: the -v texts as given (not anonymous volumes).
nlohmann::json binds_json(const engine::ContainerRecord& r);
// HostConfig.Mounts: the --mount ones, as docker's API types (null when there are none: omitted).
nlohmann::json host_mounts_json(const engine::ContainerRecord& r);
// HostConfig.Tmpfs: --tmpfs targets and their options text.
nlohmann::json tmpfs_json(const engine::ContainerRecord& r);

}  // namespace berth::cli

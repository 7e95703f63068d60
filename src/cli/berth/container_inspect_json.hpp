// docker inspect's JSON for a container, plus Berth's "Ipc" object (namespace, group members).
#pragma once

#include <nlohmann/json.hpp>

#include "engine/container_store.hpp"

namespace berth::cli {

nlohmann::json container_inspect_json(const engine::ContainerStore& store, const engine::ContainerRecord& r);

}  // namespace berth::cli

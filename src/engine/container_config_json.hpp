// docker's Config object of a container ("Env", "Cmd", "Volumes"...), as inspect shows it and
// commit keeps it in the image (container_config).
#pragma once

#include <nlohmann/json.hpp>

#include "engine/container_record.hpp"

namespace berth::engine {

nlohmann::json container_config_json(const ContainerRecord& r);

}  // namespace berth::engine

// create: a container record from the user's flags and the image's defaults, under a unique name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/container_store.hpp"

namespace berth::engine {

struct CreateRequest {
  ContainerRecord record;              // config and host_config as the flags set them
  std::string image_ref;               // as typed
  std::vector<std::string> args;       // after the image: replace the image's CMD
  std::optional<std::string> entrypoint;  // --entrypoint ("" clears the image's)
  bool workdir_set = false;
  bool user_set = false;
  std::string id;  // empty: a new one (run -d chooses it first, to spawn the monitor early)
};

// Validates everything that can be checked before anything changes (image, name, IPC mode
// and its donor, sysctls, seccomp profile), then saves the record in state "created".
// Throws docker's errors (exit 125) and leaves nothing behind on failure.
ContainerRecord create_container(const ContainerStore& store, CreateRequest request);

}  // namespace berth::engine

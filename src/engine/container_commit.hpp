// docker commit: a new image made of a container's image and what the container changed in it
// (its overlay upper dir, without the mount points the engine made there), with its Config.
#pragma once

#include <string>

#include "engine/commit_config.hpp"
#include "engine/container_store.hpp"

namespace berth::engine {

struct CommitOptions {
  CommitMessage message;
  std::string reference;  // REPOSITORY[:TAG]; empty: the image is left untagged
  bool pause = true;      // freeze a running container while its layer is read
};

// Commits container `ref` (name, id or id prefix) and returns the image id "sha256:<hex>".
// Everything that can be refused is checked before anything is stored: docker's "No such
// container: X", "invalid reference format...", "run is not a valid change command" (exit 1).
// Holds the container's start lock throughout, so no start, restart or rm runs meanwhile.
std::string commit_container(const ContainerStore& store, const std::string& ref,
                             const CommitOptions& options);

}  // namespace berth::engine

// Named volumes: directories under <root>/volumes/<name>/_data, docker's "local" driver.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/container_store.hpp"

namespace berth::engine {

struct VolumeInfo {
  std::string name;
  std::string mountpoint;
  std::string created;
  std::map<std::string, std::string> labels;  // --label at create
};

// Throws docker's local driver's error for a name it refuses ("create NAME: ..."): one character,
// or characters outside [a-zA-Z0-9][a-zA-Z0-9_.-].
void check_volume_name(const std::string& name);

// Creates the volume (an existing one is fine, as with docker, and keeps its labels); a random
// name when empty.
VolumeInfo create_volume(const Paths& paths, std::string name, const std::map<std::string, std::string>& labels = {});
std::vector<VolumeInfo> list_volumes(const Paths& paths);
// Throws docker's "get NAME: no such volume" (exit 1) when missing.
VolumeInfo inspect_volume(const Paths& paths, const std::string& name);
// Refuses a volume a container uses (docker's "volume is in use - [ids]") unless forced.
void remove_volume(const ContainerStore& store, const std::string& name, bool force);
// Containers (ids) whose mounts use the volume.
std::vector<std::string> volume_users(const ContainerStore& store, const std::string& name);

}  // namespace berth::engine

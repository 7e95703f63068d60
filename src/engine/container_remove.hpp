// rm: removing containers, with docker's rules and the IPC groups' extra one.
#pragma once

#include <string>
#include <vector>

#include "engine/container_store.hpp"

namespace berth::engine {

struct RemoveOptions {
  bool force = false;    // kill a running container first
  bool volumes = false;  // also remove its anonymous volumes
  // Everything named in the same command: a donor may go with its joiners.
  std::vector<std::string> removing_ids;
};

// Removes one container. Throws docker's errors: running without force; and Berth's: a
// shareable donor whose IPC namespace running containers still share, unless forced or they are
// removed in the same command.
void remove_container(const ContainerStore& store, const ContainerRecord& record, const RemoveOptions& options);
// Removing several at once: the containers of one wave are independent of each other and may
// go in parallel; IPC donors come in the last wave, after their joiners (so any order typed works).
std::vector<std::vector<ContainerRecord>> removal_waves(const std::vector<ContainerRecord>& records);
// Removes what is left of a container that no longer runs: runtime state, cgroup, rootfs
// mount, IPC group share, record and directories. Idempotent.
void remove_container_files(const ContainerStore& store, const std::string& id, bool volumes = false);

}  // namespace berth::engine

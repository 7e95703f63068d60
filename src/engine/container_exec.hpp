// docker exec: a process in a running container, run by the container's runtime.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/container_store.hpp"

namespace berth::engine {

struct ExecRequest {
  std::vector<std::string> args;
  bool detach = false;
  bool tty = false;
  std::string user;     // -u: resolved in the container's rootfs
  std::string workdir;  // -w
  std::vector<std::string> env;  // -e and --env-file, added to the container's
  bool privileged = false;       // --privileged: every capability we may grant (the filter stays)
};

// The OCI process to run: the container's own (from its bundle) with the request's overrides.
nlohmann::json exec_process(const ContainerStore& store, const ContainerRecord& record, const ExecRequest& request);

// Runs it with our stdio through the container's runtime. Foreground: returns its exit code.
// Throws with docker exec's codes when it cannot start: 127 for a command not found, else 126.
int exec_in_container(const ContainerStore& store, const ContainerRecord& record, const ExecRequest& request);

}  // namespace berth::engine

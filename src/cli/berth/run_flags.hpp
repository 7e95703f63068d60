// The flags `run` and `create` share, and their conversion to an engine CreateRequest.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/berth/berth_config.hpp"
#include "engine/container_create.hpp"

namespace berth::cli {

struct RunFlags {
  bool detach = false, interactive = false, tty = false, remove = false;
  bool privileged = false, read_only = false, init = false;
  std::string name, user, workdir, hostname, network = "none", pid, uts, ipc, shm_size;
  std::string memory, memory_swap, cpus, cpuset_cpus, restart = "no", stop_signal;
  std::string entrypoint;
  std::string runtime;  // empty: the engine's default
  bool entrypoint_set = false;
  long long cpu_shares = 0, pids_limit = 0;
  int stop_timeout = -1;
  std::vector<std::string> env, env_files, volumes, mounts, tmpfs, ulimits, cap_add, cap_drop;
  std::vector<std::string> security_opt, sysctls, labels, log_opts;
};

// Adds every flag to `cmd` (which must use prefix_command(): the image and its arguments come
// back in cmd->remaining()).
void add_run_flags(CLI::App* cmd, RunFlags& f);
// Builds the request; throws docker's flag errors (exit 125) naming the flag.
engine::CreateRequest to_create_request(const RunFlags& f, const std::vector<std::string>& image_and_args,
                                        const EngineDefaults& defaults);

// Docker's size syntax ("64m", "1g", "512k", "100b", "1024"), in bytes; throws naming `flag`.
long long parse_size(const std::string& value, const std::string& flag);

}  // namespace berth::cli

// RuntimeClient: the one narrow way the engine reaches an OCI runtime. Two implementations:
// in-process (the runtime library, the default, named "berth") and an external binary with
// runc's command line (`--runtime runc`, crun, berth-runtime), so any of them can be swapped in.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/unique_fd.hpp"
#include "engine/container_record.hpp"
#include "engine/paths.hpp"
#include "oci/state.hpp"

namespace berth::engine {

// The name of the in-process runtime, as --runtime and HostConfig.Runtime spell it.
inline constexpr const char* kInProcessRuntime = "berth";

// The container's init's stdio: fds 0-2 as given, or (terminal) a pty whose master comes back.
struct InitStdio {
  int in = -1, out = -1, err = -1;
  bool terminal = false;
};

struct CreatedInit {
  pid_t pid = 0;        // our child (in-process) or re-parented to us (external: we are a subreaper)
  UniqueFd pty_master;  // with a terminal
};

// An exec'd process that is our child, and the master of its terminal.
struct ExecTerminal {
  pid_t pid = 0;
  UniqueFd pty;
};

class RuntimeClient {
 public:
  virtual ~RuntimeClient() = default;
  // Creates the container from `bundle`; its init waits for start.
  virtual CreatedInit create(const std::string& id, const std::string& bundle, const InitStdio& stdio) = 0;
  virtual void start(const std::string& id) = 0;
  virtual void kill(const std::string& id, int signal) = 0;
  // runc's `delete --force`: the processes, the cgroup and the runtime's state.
  virtual void remove(const std::string& id) = 0;
  // nullopt when the runtime does not know the container.
  virtual std::optional<oci::State> state(const std::string& id) = 0;
  // Runs `process` (an OCI process object, as runc's `exec --process` file holds) in the
  // container with our stdio. Foreground: forwards signals, proxies a terminal, returns the
  // exit code; detached: returns 0 once it runs.
  virtual int exec(const std::string& id, const nlohmann::json& process, bool detach) = 0;
  // Starts `process` (with a terminal) as our child and hands back the master of its terminal,
  // for a keeper that holds it (engine/exec_keeper.hpp).
  virtual ExecTerminal exec_with_terminal(const std::string& id, const nlohmann::json& process) = 0;
  // Every process of the container (`top`).
  virtual std::vector<pid_t> pids(const std::string& id) = 0;
  // The cgroup's usage counters in runc's `events --stats` "data" shape (cpu.usage.total,
  // memory.usage/raw, blkio.ioServiceBytesRecursive, pids.current).
  virtual nlohmann::json stats(const std::string& id) = 0;
  // runc's pause and resume: the container's cgroup frozen and thawed.
  virtual void pause(const std::string& id) = 0;
  virtual void resume(const std::string& id) = 0;
};

// A runtime chosen by --runtime: "berth" (in-process), a NAME looked up in $PATH, or a PATH.
struct RuntimeChoice {
  std::string name;  // as given; shown as HostConfig.Runtime
  std::string path;  // absolute path of the binary; empty for the in-process runtime
};

// Resolves `name` (empty: in-process). Throws docker's "unknown or invalid runtime name: X"
// (exit 125) when it names no executable.
RuntimeChoice resolve_runtime(const std::string& name);

// The client for a container's runtime (the one its record names).
std::unique_ptr<RuntimeClient> runtime_client(const Paths& paths, const HostConfig& host);
std::unique_ptr<RuntimeClient> in_process_runtime(const Paths& paths);
std::unique_ptr<RuntimeClient> external_runtime(const Paths& paths, const RuntimeChoice& choice);

}  // namespace berth::engine

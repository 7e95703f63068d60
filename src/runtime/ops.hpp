// The container lifecycle, one operation per file under ops/ (runc's commands, as a library).
//
//   create -> [creating] -> created --start--> running --(exit)--> stopped --delete--> gone
//                             |                  |  ^
//                             |                pause resume
//                             |                  v  |
//                             +--kill/delete   paused
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "base/unique_fd.hpp"
#include "oci/spec.hpp"
#include "oci/state.hpp"
#include "runtime/container_state.hpp"

namespace berth::runtime {

struct CreateOptions {
  std::string id;
  std::string bundle = ".";
  std::string pid_file;
  std::string console_socket;
  int preserve_fds = 0;
  bool no_pivot = false;
  bool no_new_keyring = false;
};

struct ExecOptions {
  std::string id;
  oci::Process process;  // complete: the container's process with the caller's overrides
  bool detach = false;
  std::string pid_file;
  std::string console_socket;
  int preserve_fds = 0;
};

// Creates the container; its init waits for start. Returns its record as saved (the init's pid
// in .pid). With `pty_receiver`, a config asking for a terminal without a console socket gets
// one of our own: the receiving end is stored there (the pty master arrives on it, see receive_fd).
ContainerRecord create_container(StateStore& store, const CreateOptions& options,
                                 UniqueFd* pty_receiver = nullptr);
// Releases the init to execve; runs poststart hooks. Fails unless the container is "created".
void start_container(StateStore& store, const std::string& id);
// The same for a container this process has just created, from the record create returned,
// without reading its state again (runc's `run` does not either).
void start_created(const StateStore& store, const ContainerRecord& created);
oci::State container_state(const StateStore& store, const std::string& id);
// Signals the init (or, with all, every process of the container's cgroup).
void kill_container(StateStore& store, const std::string& id, int signal, bool all);
// Removes a stopped (or, with force, any) container: processes, cgroup, state; poststop hooks.
void delete_container(StateStore& store, const std::string& id, bool force);
void pause_container(StateStore& store, const std::string& id);
void resume_container(StateStore& store, const std::string& id);
std::vector<pid_t> container_pids(const StateStore& store, const std::string& id);
// Writes new resource limits into a live container's cgroup (`update`).
void update_container(StateStore& store, const std::string& id, const oci::Resources& resources);
// The cgroup's usage counters (`events --stats`).
nlohmann::json container_stats(const StateStore& store, const std::string& id);
// Runs a process in the container's namespaces and cgroup. Returns its pid.
pid_t exec_in_container(StateStore& store, const ExecOptions& options, UniqueFd* pty_receiver = nullptr);
// `exec` as a command: detached, starts the process and returns 0; else stays its parent,
// forwarding signals (and the pty, with a terminal) until it exits, and returns its exit code.
int exec_and_supervise(StateStore& store, const ExecOptions& options);

// The config saved at create.
oci::Spec saved_spec(const StateStore& store, const std::string& id);

// Waits for a child of ours and returns a shell-style exit code (128+signal when killed).
int wait_exit_code(pid_t pid);

}  // namespace berth::runtime

// linux.seccomp.listenerPath: handing a filter's listener fd to a seccomp agent.
//
// A filter with SCMP_ACT_NOTIFY rules is loaded with SECCOMP_FILTER_FLAG_NEW_LISTENER; the
// runtime-spec's agent gets that fd, with the "container process state" (ociVersion, fds,
// pid, metadata, state), in one message over a new connection to the AF_UNIX SOCK_STREAM
// socket at listenerPath, then answers the intercepted syscalls (seccomp_unotify(2)).
//
// The process loads its own filter just before execve (security.hpp), after `start`. So the
// runtime connects before the clone, as the host's root (an agent that is not listening fails
// create or exec, naming the path, before anything exists), and the process inherits the
// connection; it writes its pid into the message while the runtime's /proc is still mounted,
// and sends the message with the fd right after the load, before any other step runs under the
// filter. A profile that hands sendmsg itself to the agent could never deliver the fd: refused
// by the config's validation.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/unique_fd.hpp"
#include "oci/spec.hpp"
#include "oci/state.hpp"

namespace berth::runtime {

struct CompiledSeccomp;  // security.hpp

// What the runtime knows before the clone: the config's listenerPath and listenerMetadata and
// the container's OCI state (its "pid" is filled in by the process itself).
struct SeccompListenerTarget {
  std::string path;
  std::string metadata;
  nlohmann::json state;
};

// A connection to the agent, made by the runtime and used by the process that loads the filter.
struct SeccompListenerConnection {
  UniqueFd socket;
  SeccompListenerTarget target;
  std::string message;  // the container process state, once the process has written its pid
  explicit operator bool() const { return static_cast<bool>(socket); }
};

// The runtime, before the clone: connects to `target.path`. Throws Error naming the path.
SeccompListenerConnection connect_seccomp_listener(SeccompListenerTarget target);

// The runtime, before the clone: connects when `compiled` (the spec's filter) notifies, else
// returns an empty connection. `state` is the container's, as the agent will be told.
SeccompListenerConnection connect_seccomp_listener_if_notified(const oci::Spec& spec,
                                                                const CompiledSeccomp* compiled,
                                                                const oci::State& state);

// The process, before pivot_root or setns into the container's mount namespace: the message,
// with its pid as the runtime sees it (the first NSpid entry of the still mounted /proc).
void write_seccomp_listener_message(SeccompListenerConnection& connection);

// The container process state the agent reads.
std::string container_process_state(const SeccompListenerTarget& target, pid_t pid);

// Sends the message with `listener_fd` (SCM_RIGHTS) and closes the connection. Throws Error.
void send_seccomp_listener(SeccompListenerConnection& connection, int listener_fd);

}  // namespace berth::runtime

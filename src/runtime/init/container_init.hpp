// The container's init: everything between clone and execve, in order, on one screen.
#pragma once

#include <optional>
#include <string>

#include "oci/spec.hpp"
#include "runtime/cgroups/manager.hpp"
#include "runtime/init/seccomp_listener.hpp"
#include "runtime/init/security.hpp"
#include "runtime/namespaces.hpp"
#include "runtime/sync_channel.hpp"

namespace berth::runtime {

struct InitArgs {
  const oci::Spec* spec = nullptr;
  const NamespacePlan* namespaces = nullptr;
  std::string id;
  std::string bundle;
  std::string rootfs;          // absolute, symlinks resolved
  const SyncChannel* sync = nullptr;  // the child's end
  int console_socket = -1;     // -1: no terminal
  int preserve_fds = 0;
  bool no_pivot = false;
  bool no_new_keyring = false;
  const CompiledSeccomp* seccomp = nullptr;  // compiled by the parent (seccomp_cache.hpp)
  SeccompListenerConnection* seccomp_listener = nullptr;  // the child's copy; may be empty
  const cgroups::HostCgroups* host_cgroups = nullptr;     // as the parent read them (rootfs.hpp)
};

// Never returns: execs the user's process, or reports the error over the sync socket and exits.
[[noreturn]] void container_init(const InitArgs& args);

// What is decided before the process may start, so a bad config fails create (or exec) and
// not start: the executable found in PATH, and the seccomp filter the parent compiled before
// clone (a bad profile fails there, before anything exists), not loaded yet.
struct PreparedProcess {
  std::string executable;
  const CompiledSeccomp* seccomp = nullptr;
  SeccompListenerConnection seccomp_listener;  // where a notifying filter's fd goes
};
PreparedProcess prepare_process(const oci::Process& process, const CompiledSeccomp* seccomp);

// The steps shared by the init and exec before they report ready (as runc's, so a failure is
// create's or exec's error, not the container's exit status): rlimits, a seccomp filter that
// needs CAP_SYS_ADMIN to load, the bounding set, user and capabilities, no_new_privs, umask.
void finalize_process(const oci::Process& process, PreparedProcess& prepared);
// The last steps, once started: a no_new_privs filter, every fd above 2 + preserve_fds closed,
// signals reset, execve. Throws only before execve.
[[noreturn]] void exec_process(const oci::Process& process, PreparedProcess& prepared, int preserve_fds);

// args[0] looked up in the process's PATH, inside the current root (after pivot). Throws
// with exit code 127 when not found, 126 when not executable.
std::string find_executable(const oci::Process& process);

// Waits until `start` writes to exec.fifo (or the fifo's writer side is closed).
void wait_for_start(int fifo_fd);

}  // namespace berth::runtime

// Handing a seccomp listener fd to the agent at linux.seccomp.listenerPath.
#include "runtime/init/seccomp_listener.hpp"

#include <unistd.h>

#include <cstring>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "base/unix_socket.hpp"
#include "oci/state.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

// Our pid in the pid namespace of the mounted /proc (the runtime's, before pivot_root or setns
// into the container's mount namespace): the first field of NSpid.
pid_t pid_in_mounted_proc() {
  for (const auto& line : split(read_file("/proc/self/status"), '\n')) {
    if (!line.starts_with("NSpid:")) continue;
    auto fields = split(line.substr(6), '\t');
    for (const auto& f : fields) {
      if (f.empty()) continue;
      if (auto pid = parse_uint(trim(f))) return static_cast<pid_t>(*pid);
      break;
    }
  }
  return ::getpid();  // kernels before 4.1 have no NSpid line: no nested pid namespace then
}

}  // namespace

std::string container_process_state(const SeccompListenerTarget& target, pid_t pid) {
  nlohmann::json state = target.state;
  state["pid"] = pid;
  nlohmann::json j = {{"ociVersion", oci::kRuntimeSpecVersion},
                      {"fds", {"seccompFd"}},
                      {"pid", pid},
                      {"metadata", target.metadata},
                      {"state", std::move(state)}};
  return j.dump();
}

SeccompListenerConnection connect_seccomp_listener(SeccompListenerTarget target) {
  SeccompListenerConnection c;
  c.socket = connect_unix_socket(target.path, "to the seccomp agent at linux.seccomp.listenerPath");
  c.target = std::move(target);
  return c;
}

SeccompListenerConnection connect_seccomp_listener_if_notified(const oci::Spec& spec,
                                                                const CompiledSeccomp* compiled,
                                                                const oci::State& state) {
  if (!compiled || !compiled->notifies() || !spec.linux_ || !spec.linux_->seccomp) return {};
  const oci::Seccomp& s = *spec.linux_->seccomp;
  return connect_seccomp_listener({s.listener_path, s.listener_metadata, oci::to_json(state)});
}

void write_seccomp_listener_message(SeccompListenerConnection& connection) {
  connection.message = container_process_state(connection.target, pid_in_mounted_proc());
}

void send_seccomp_listener(SeccompListenerConnection& connection, int listener_fd) {
  ssize_t n = send_with_fd(connection.socket.get(), connection.message, listener_fd);
  if (n < 0) throw Error::last_errno("send the seccomp listener fd to the agent at", connection.target.path);
  if (n != static_cast<ssize_t>(connection.message.size()))
    throw Error(fmt::format("send the seccomp listener fd to the agent at {}: short write", connection.target.path));
  connection.socket.reset();
}

}  // namespace berth::runtime

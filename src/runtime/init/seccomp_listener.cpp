// Handing a seccomp listener fd to the agent at linux.seccomp.listenerPath.
#include "runtime/init/seccomp_listener.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/fd_passing.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
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
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (target.path.empty() || target.path.size() >= sizeof addr.sun_path)
    throw Error(fmt::format("linux.seccomp.listenerPath: \"{}\" is not a usable socket path", target.path));
  std::memcpy(addr.sun_path, target.path.c_str(), target.path.size() + 1);
  SeccompListenerConnection c;
  c.socket.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!c.socket) throw Error::last_errno("socket", "seccomp listener");
  if (::connect(c.socket.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0)
    throw Error::last_errno("linux.seccomp.listenerPath: connect to the seccomp agent", target.path);
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

// Loopback up inside a container's network namespace.
#include "engine/loopback.hpp"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include <fmt/core.h>

#include "base/error.hpp"

namespace berth::engine {

void bring_up_loopback(pid_t pid) {
  std::string ns = fmt::format("/proc/{}/ns/net", pid);
  int ns_fd = ::open(ns.c_str(), O_RDONLY | O_CLOEXEC);
  if (ns_fd < 0) throw Error::last_errno("open", ns);
  pid_t child = ::fork();
  if (child < 0) {
    ::close(ns_fd);
    throw Error::last_errno("fork");
  }
  if (child == 0) {
    // Only async-signal-safe calls from here: the parent may have threads.
    if (::setns(ns_fd, CLONE_NEWNET) != 0) ::_exit(1);
    int sock = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) ::_exit(2);
    ifreq req{};
    std::memcpy(req.ifr_name, "lo", 3);
    if (::ioctl(sock, SIOCGIFFLAGS, &req) != 0) ::_exit(3);
    req.ifr_flags = static_cast<short>(req.ifr_flags | IFF_UP | IFF_RUNNING);
    ::_exit(::ioctl(sock, SIOCSIFFLAGS, &req) == 0 ? 0 : 4);
  }
  ::close(ns_fd);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw Error(fmt::format("bring up loopback in {}: step {} failed", ns, WEXITSTATUS(status)));
}

}  // namespace berth::engine

// Loopback up with two ioctls on a throwaway socket: no netlink needed for one flag.
#include "runtime/init/loopback.hpp"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cstring>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace berth::runtime {

void bring_up_loopback() {
  UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!sock) throw Error::last_errno("loopback: socket");
  ifreq req{};
  std::memcpy(req.ifr_name, "lo", 3);
  if (::ioctl(sock.get(), SIOCGIFFLAGS, &req) != 0) throw Error::last_errno("loopback: get flags of lo");
  if (req.ifr_flags & IFF_UP) return;
  req.ifr_flags = static_cast<short>(req.ifr_flags | IFF_UP);
  if (::ioctl(sock.get(), SIOCSIFFLAGS, &req) != 0) throw Error::last_errno("loopback: set lo up");
}

}  // namespace berth::runtime

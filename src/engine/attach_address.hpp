// The sockaddr of an attach socket, shared by the monitor and the client.
#pragma once

#include <sys/un.h>

#include <cstring>
#include <string>

#include <fmt/core.h>

#include "base/error.hpp"

namespace berth::engine {

inline sockaddr_un attach_address(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) throw Error(fmt::format("attach socket path too long: {}", path));
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}

}  // namespace berth::engine

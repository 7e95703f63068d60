// Renders ch6_ipc::Error as one line.
#include "error.hpp"

#include <fmt/core.h>

#include <cstring>

namespace ch6_ipc {

std::string Error::render() const {
  const char* name = strerrorname_np(err);
  if (name == nullptr) return fmt::format("{}: error {}", op, err);
  return fmt::format("{}: {} ({})", op, name, std::strerror(err));
}

}  // namespace ch6_ipc

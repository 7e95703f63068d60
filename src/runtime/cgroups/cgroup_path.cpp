// cgroupsPath validation: a ".." would let a config.json escape into another cgroup (or, on
// destroy, rmdir one), so it is refused instead of being cleaned away.
#include "runtime/cgroups/cgroup_path.hpp"

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"

namespace berth::cgroups {

std::string normalize_path(std::string_view path) {
  if (path.find('\0') != std::string_view::npos) {
    throw Error("cgroup: path contains a NUL byte");
  }
  std::vector<std::string> parts;
  for (auto& part : split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") throw Error(fmt::format("cgroup: path \"{}\" contains \"..\"", path));
    parts.push_back(std::move(part));
  }
  // Removing the root cgroup on destroy is impossible and joining it would escape all limits.
  if (parts.empty()) throw Error(fmt::format("cgroup: path \"{}\" names the hierarchy root", path));
  return "/" + join(parts, "/");
}

std::string resolve_path(std::string_view cgroups_path, std::string_view id) {
  if (!cgroups_path.empty()) return normalize_path(cgroups_path);
  if (id.empty()) throw Error("cgroup: neither a cgroupsPath nor a container id was given");
  if (id.find('/') != std::string_view::npos) {
    throw Error(fmt::format("cgroup: container id \"{}\" contains '/'", id));
  }
  return normalize_path(fmt::format("/berth/{}", id));
}

}  // namespace berth::cgroups

// Choosing and restoring a cgroup manager: v1 or v2 by what the host mounts, or by the record.
#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "runtime/cgroups/cgroup_path.hpp"
#include "runtime/cgroups/manager.hpp"
#include "runtime/cgroups/v1/manager.hpp"
#include "runtime/cgroups/v2/manager.hpp"

namespace berth::cgroups {

HostCgroups read_host_cgroups() {
  HostCgroups host;
  host.version = detect_version();
  if (host.version == Version::kV1) host.v1_hierarchies = v1::parse_hierarchies(read_file("/proc/self/mountinfo"));
  return host;
}

std::unique_ptr<Manager> make_manager(const HostCgroups& host, const std::string& cgroups_path,
                                      const std::string& id) {
  std::string path = resolve_path(cgroups_path, id);
  if (host.version == Version::kV2) return std::make_unique<v2::Manager>(v2::kDefaultRoot, path);
  if (host.v1_hierarchies.empty()) throw Error("cgroup: no cgroup v1 hierarchy is mounted");
  return std::make_unique<v1::Manager>(v1::roots_of(host.v1_hierarchies), path);
}

std::unique_ptr<Manager> load_manager(const nlohmann::json& saved) {
  try {
    auto version = saved.at("version").get<std::string>();
    auto path = saved.at("path").get<std::string>();
    if (version == "v1") {
      return std::make_unique<v1::Manager>(saved.at("roots").get<v1::Roots>(), path);
    }
    if (version == "v2") {
      return std::make_unique<v2::Manager>(saved.at("root").get<std::string>(), path);
    }
    throw Error(fmt::format("cgroup: saved state has unknown version \"{}\"", version));
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("cgroup: bad saved cgroup state: {}", e.what()));
  }
}

}  // namespace berth::cgroups

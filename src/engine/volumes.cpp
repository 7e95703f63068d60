// Volumes on disk.
#include "engine/volumes.hpp"

#include <sys/stat.h>

#include <filesystem>

#include <fmt/core.h>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/file_io.hpp"
#include "engine/restricted_name.hpp"

namespace berth::engine {
namespace {

void validate_volume_name(const std::string& name) {
  if (!is_restricted_name(name))
    throw Error(fmt::format("create {}: \"{}\" includes invalid characters for a local volume name, only "
                            "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed",
                            name, name),
                ExitCode::kGeneric);
}

std::string created_of(const std::string& dir) {
  std::string path = dir + "/created";
  return path_exists(path) ? read_file(path) : "";
}

}  // namespace

VolumeInfo create_volume(const Paths& paths, std::string name) {
  if (name.empty()) name = new_container_id();
  validate_volume_name(name);
  std::string dir = paths.volumes() + "/" + name;
  if (!path_exists(dir + "/_data")) {
    mkdir_all(dir + "/_data", 0755);
    write_file_atomic(dir + "/created", now_rfc3339());
  }
  return {name, dir + "/_data", created_of(dir)};
}

std::vector<VolumeInfo> list_volumes(const Paths& paths) {
  std::vector<VolumeInfo> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(paths.volumes(), ec)) {
    if (!e.is_directory() || !path_exists(e.path().string() + "/_data")) continue;
    std::string name = e.path().filename().string();
    out.push_back({name, paths.volume_data(name), created_of(e.path().string())});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

VolumeInfo inspect_volume(const Paths& paths, const std::string& name) {
  std::string dir = paths.volumes() + "/" + name;
  if (name.find('/') != std::string::npos || !path_exists(dir + "/_data"))
    throw Error(fmt::format("get {}: no such volume", name));
  return {name, dir + "/_data", created_of(dir)};
}

std::vector<std::string> volume_users(const ContainerStore& store, const std::string& name) {
  std::vector<std::string> ids;
  for (const auto& r : store.list()) {
    for (const auto& m : r.host_config.mounts) {
      if (m.type == "volume" && m.source == name) {
        ids.push_back(r.id);
        break;
      }
    }
  }
  return ids;
}

void remove_volume(const ContainerStore& store, const std::string& name, bool force) {
  inspect_volume(store.paths(), name);
  auto users = volume_users(store, name);
  if (!users.empty() && !force) {
    std::string list;
    for (const auto& id : users) list += (list.empty() ? "" : " ") + id;
    throw Error(fmt::format("remove {}: volume is in use - [{}]", name, list));
  }
  std::error_code ec;
  std::filesystem::remove_all(store.paths().volumes() + "/" + name, ec);
  if (ec) throw Error::from_errno(ec.value(), "remove volume", name);
}

}  // namespace berth::engine

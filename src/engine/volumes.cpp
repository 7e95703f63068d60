// Volumes on disk.
#include "engine/volumes.hpp"

#include <sys/stat.h>

#include <filesystem>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/file_io.hpp"
#include "engine/restricted_name.hpp"

namespace berth::engine {
namespace {

std::string created_of(const std::string& dir) {
  std::string path = dir + "/created";
  return path_exists(path) ? read_file(path) : "";
}

std::map<std::string, std::string> labels_of(const std::string& dir) {
  std::string path = dir + "/labels.json";
  if (!path_exists(path)) return {};
  auto j = nlohmann::json::parse(read_file(path), nullptr, false);
  std::map<std::string, std::string> labels;
  if (j.is_object())
    for (const auto& [k, v] : j.items())
      if (v.is_string()) labels[k] = v.get<std::string>();
  return labels;
}

VolumeInfo info_of(const Paths& paths, const std::string& name) {
  std::string dir = paths.volumes() + "/" + name;
  return {name, dir + "/_data", created_of(dir), labels_of(dir)};
}

}  // namespace

void check_volume_name(const std::string& name) {
  if (name.size() == 1)
    throw Error(fmt::format("create {}: volume name is too short, names should be at least two alphanumeric characters",
                            name),
                ExitCode::kGeneric);
  if (!is_restricted_name(name))
    throw Error(fmt::format("create {}: \"{}\" includes invalid characters for a local volume name, only "
                            "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use "
                            "absolute path",
                            name, name),
                ExitCode::kGeneric);
}

VolumeInfo create_volume(const Paths& paths, std::string name, const std::map<std::string, std::string>& labels) {
  if (name.empty()) name = new_container_id();
  check_volume_name(name);
  std::string dir = paths.volumes() + "/" + name;
  if (!path_exists(dir + "/_data")) {
    // The labels before _data, which is what makes the directory a volume: a crash in between
    // leaves no volume without its labels.
    mkdir_all(dir, 0755);
    if (!labels.empty()) write_file_atomic(dir + "/labels.json", nlohmann::json(labels).dump());
    mkdir_all(dir + "/_data", 0755);
    write_file_atomic(dir + "/created", now_rfc3339());
  }
  return info_of(paths, name);
}

std::vector<VolumeInfo> list_volumes(const Paths& paths) {
  std::vector<VolumeInfo> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(paths.volumes(), ec)) {
    if (!e.is_directory() || !path_exists(e.path().string() + "/_data")) continue;
    out.push_back(info_of(paths, e.path().filename().string()));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

VolumeInfo inspect_volume(const Paths& paths, const std::string& name) {
  std::string dir = paths.volumes() + "/" + name;
  if (name.find('/') != std::string::npos || !path_exists(dir + "/_data"))
    throw Error(fmt::format("get {}: no such volume", name));
  return info_of(paths, name);
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

// Records before the flag field (empty) came from -v and --tmpfs: they are shown as such.
#include "cli/berth/mount_inspect_json.hpp"

#include <cstdlib>

#include "engine/mount_config.hpp"

namespace berth::cli {
namespace {

using json = nlohmann::json;

bool from_mount_flag(const engine::MountSpec& m) { return m.flag == "--mount"; }

// The text after the second colon of -v (after the first for --tmpfs).
std::string flag_mode(const engine::MountSpec& m, size_t colons) {
  size_t at = 0;
  for (size_t i = 0; i < colons; ++i) {
    at = m.flag_value.find(':', at);
    if (at == std::string::npos) return "";
    ++at;
  }
  return m.flag_value.substr(at);
}

std::string option_value(const engine::MountSpec& m, const std::string& key) {
  for (const auto& o : m.options)
    if (o.starts_with(key + "=")) return o.substr(key.size() + 1);
  return "";
}

}  // namespace

json mount_points_json(const engine::ContainerStore& store, const engine::ContainerRecord& r) {
  json out = json::array();
  for (const auto& m : r.host_config.mounts) {
    std::string mode = m.flag == "-v" ? flag_mode(m, 2) : (m.flag.empty() && m.read_only ? "ro" : "");
    // dockerd's SELinux default for a named volume shows even where SELinux is off.
    if (mode.empty() && m.type == "volume" && !m.anonymous) mode = "z";
    std::string propagation = m.type == "bind" ? engine::mount_propagation(m) : "";
    if (m.type == "bind" && propagation.empty()) propagation = "rprivate";
    json j = {{"Type", m.type}, {"Destination", m.destination}, {"Mode", mode}, {"RW", !m.read_only},
              {"Propagation", propagation}};
    if (m.type == "volume") {
      j["Name"] = m.source;
      j["Source"] = store.paths().volume_data(m.source);
      j["Driver"] = "local";
    } else {
      j["Source"] = m.type == "tmpfs" ? "" : m.source;
    }
    out.push_back(j);
  }
  return out;
}

json binds_json(const engine::ContainerRecord& r) {
  json binds = json::array();
  for (const auto& m : r.host_config.mounts) {
    if (from_mount_flag(m) || m.type == "tmpfs" || m.anonymous) continue;
    binds.push_back(!m.flag_value.empty() ? m.flag_value
                                          : m.source + ":" + m.destination + (m.read_only ? ":ro" : ""));
  }
  return binds;
}

json host_mounts_json(const engine::ContainerRecord& r) {
  json out = json::array();
  for (const auto& m : r.host_config.mounts) {
    if (!from_mount_flag(m)) continue;
    json j = {{"Type", m.type}, {"Target", m.destination}};
    if (!m.source.empty() && !m.anonymous) j["Source"] = m.source;
    if (m.read_only) j["ReadOnly"] = true;
    json bind = json::object();
    if (auto p = engine::mount_propagation(m); !p.empty()) bind["Propagation"] = p;
    if (!m.recursive) bind["NonRecursive"] = true;
    if (m.create_missing_source) bind["CreateMountpoint"] = true;
    if (!bind.empty()) j["BindOptions"] = bind;
    if (m.no_copy || !m.volume_labels.empty()) {
      json volume = {{"DriverConfig", json::object()}};
      if (m.no_copy) volume["NoCopy"] = true;
      if (!m.volume_labels.empty()) volume["Labels"] = m.volume_labels;
      j["VolumeOptions"] = volume;
    }
    json tmpfs = json::object();
    if (auto size = option_value(m, "size"); !size.empty()) tmpfs["SizeBytes"] = std::atoll(size.c_str());
    if (auto mode = option_value(m, "mode"); !mode.empty()) tmpfs["Mode"] = std::strtol(mode.c_str(), nullptr, 8);
    if (m.type == "tmpfs" && !tmpfs.empty()) j["TmpfsOptions"] = tmpfs;
    out.push_back(j);
  }
  return out.empty() ? json(nullptr) : out;
}

json tmpfs_json(const engine::ContainerRecord& r) {
  json tmpfs = json::object();
  for (const auto& m : r.host_config.mounts)
    if (m.type == "tmpfs" && !from_mount_flag(m)) tmpfs[m.destination] = flag_mode(m, 1);
  return tmpfs;
}

}  // namespace berth::cli

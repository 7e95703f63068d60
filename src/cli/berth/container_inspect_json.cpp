// Building docker's inspect shape from a record.
#include "cli/berth/container_inspect_json.hpp"

#include <fmt/core.h>

#include "base/file_io.hpp"
#include "cli/berth/mount_inspect_json.hpp"
#include "image/store.hpp"
#include "engine/container_config_json.hpp"
#include "engine/ipc_mode.hpp"
#include "engine/spec_builder.hpp"

namespace berth::cli {
namespace {

using json = nlohmann::json;

std::string existing(const std::string& path) { return path_exists(path) ? path : ""; }

json state_json(const engine::ContainerRecord& r) {
  std::string status = engine::live_status(r);
  bool running = status == "running" || status == "paused";
  return {{"Status", status},
          {"Running", running},
          {"Paused", status == "paused"},
          {"Restarting", status == "restarting"},
          {"OOMKilled", r.state.oom_killed},
          {"Dead", status == "dead"},
          {"Pid", running ? r.state.pid : 0},
          {"ExitCode", r.state.exit_code},
          {"Error", r.state.error},
          {"StartedAt", r.state.started_at},
          {"FinishedAt", r.state.finished_at}};
}

json host_config_json(const engine::ContainerRecord& r) {
  const auto& h = r.host_config;
  engine::IpcMode ipc = engine::parse_ipc_mode(h.ipc_mode);
  json ulimits = json::array();
  for (const auto& u : h.ulimits) ulimits.push_back({{"Name", u.name}, {"Soft", u.soft}, {"Hard", u.hard}});
  // docker: none when privileged, [] for systempaths=unconfined, else its defaults.
  auto system_paths = [&h](const std::vector<std::string>& defaults) {
    return h.privileged ? json(nullptr) : h.system_paths_unconfined ? json::array() : json(defaults);
  };
  json masked = system_paths(engine::default_masked_paths());
  json readonly = system_paths(engine::default_readonly_paths());
  json host = {{"Binds", binds_json(r)},
          {"NetworkMode", h.network_mode},
          {"IpcMode", h.ipc_mode},
          {"PidMode", h.pid_mode},
          {"UTSMode", h.uts_mode},
          {"ShmSize", ipc.owns_shm() ? (h.shm_size > 0 ? h.shm_size : engine::kDefaultShmSize) : 0},
          {"RestartPolicy", {{"Name", h.restart.name}, {"MaximumRetryCount", h.restart.maximum_retry_count}}},
          {"AutoRemove", h.auto_remove},
          {"Privileged", h.privileged},
          {"ReadonlyRootfs", h.read_only_rootfs},
          {"CapAdd", h.cap_add},
          {"CapDrop", h.cap_drop},
          {"SecurityOpt", h.security_opt},
          {"Sysctls", h.sysctls},
          {"Memory", h.memory},
          {"MemorySwap", h.memory_swap},
          {"NanoCpus", h.nano_cpus},
          {"CpuShares", h.cpu_shares},
          {"CpusetCpus", h.cpuset_cpus},
          {"PidsLimit", h.pids_limit},
          {"Ulimits", ulimits},
          {"CgroupnsMode", "private"},  // every berth container has its own (spec_builder.cpp)
          {"CgroupParent", ""},         // berth's --cgroup-parent is global, not a run flag
          {"OomScoreAdj", 0},
          {"MaskedPaths", masked},
          {"ReadonlyPaths", readonly},
          {"Tmpfs", tmpfs_json(r)},
          {"Init", h.init},
          {"Runtime", h.runtime},
          {"LogConfig", {{"Type", "json-file"}, {"Config", h.log_opts}}},
          // What docker prints for the flags berth has no counterpart of, as it prints them
          // unset: scripts read these fields and get docker's values, not "<no value>".
          {"ContainerIDFile", ""}, {"PortBindings", json::object()}, {"VolumeDriver", ""}, {"VolumesFrom", nullptr},
          {"ConsoleSize", {0, 0}}, {"Dns", json::array()}, {"DnsOptions", json::array()},
          {"DnsSearch", json::array()}, {"ExtraHosts", nullptr}, {"GroupAdd", nullptr}, {"Cgroup", ""},
          {"Links", nullptr}, {"PublishAllPorts", false}, {"UsernsMode", ""}, {"Isolation", ""},
          {"BlkioWeight", 0}, {"BlkioWeightDevice", json::array()}, {"BlkioDeviceReadBps", json::array()},
          {"BlkioDeviceWriteBps", json::array()}, {"BlkioDeviceReadIOps", json::array()},
          {"BlkioDeviceWriteIOps", json::array()}, {"CpuPeriod", 0}, {"CpuQuota", 0}, {"CpuRealtimePeriod", 0},
          {"CpuRealtimeRuntime", 0}, {"CpusetMems", ""}, {"Devices", json::array()}, {"DeviceCgroupRules", nullptr},
          {"DeviceRequests", nullptr}, {"KernelMemory", 0}, {"KernelMemoryTCP", 0}, {"MemoryReservation", 0},
          {"MemorySwappiness", nullptr}, {"OomKillDisable", false}, {"CpuCount", 0}, {"CpuPercent", 0},
          {"IOMaximumIOps", 0}, {"IOMaximumBandwidth", 0}};
  if (json mounts = host_mounts_json(r); !mounts.is_null()) host["Mounts"] = mounts;  // omitted when empty
  return host;
}

// berth makes no network: none (the default) or the host's. Docker's shape with its empty values;
// the sandbox is the init's network namespace while it runs.
json network_settings_json(const engine::ContainerRecord& r) {
  bool running = engine::is_running(r) && r.state.pid > 0;
  json endpoint = {{"IPAMConfig", nullptr}, {"Links", nullptr},      {"Aliases", nullptr},
                   {"NetworkID", ""},       {"EndpointID", ""},      {"Gateway", ""},
                   {"IPAddress", ""},       {"IPPrefixLen", 0},      {"IPv6Gateway", ""},
                   {"GlobalIPv6Address", ""}, {"GlobalIPv6PrefixLen", 0}, {"MacAddress", ""},
                   {"DriverOpts", nullptr}};
  return {{"Bridge", ""},
          {"SandboxID", ""},
          {"HairpinMode", false},
          {"LinkLocalIPv6Address", ""},
          {"LinkLocalIPv6PrefixLen", 0},
          {"Ports", json::object()},
          {"SandboxKey", running ? fmt::format("/proc/{}/ns/net", r.state.pid) : ""},
          {"SecondaryIPAddresses", nullptr},
          {"SecondaryIPv6Addresses", nullptr},
          {"EndpointID", ""},
          {"Gateway", ""},
          {"GlobalIPv6Address", ""},
          {"GlobalIPv6PrefixLen", 0},
          {"IPAddress", ""},
          {"IPPrefixLen", 0},
          {"IPv6Gateway", ""},
          {"MacAddress", ""},
          {"Networks", {{r.host_config.network_mode, endpoint}}}};
}

// The overlay: the image's layers (top first, as docker lists them), the container's upper and
// work directories, and where the rootfs is mounted while the container exists.
json graph_driver_json(const engine::ContainerStore& store, const engine::ContainerRecord& r) {
  std::string lower;
  image::Store images(store.paths().root);
  if (auto img = images.find(r.image_id)) {
    auto dirs = images.layer_dirs(*img);
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) lower += (lower.empty() ? "" : ":") + *it;
  }
  json data = {{"MergedDir", store.paths().rootfs(r.id)},
               {"UpperDir", store.paths().upper(r.id)},
               {"WorkDir", store.paths().work(r.id)}};
  if (!lower.empty()) data["LowerDir"] = lower;
  return {{"Data", data}, {"Name", "overlay"}};
}

// Berth's addition: the IPC namespace as the kernel names it, and who shares it.
json ipc_json(const engine::ContainerStore& store, const engine::ContainerRecord& r) {
  json members = json::array();
  if (!r.ipc_group.empty()) {
    for (const auto& other : store.list()) {
      if (other.ipc_group == r.ipc_group) members.push_back(other.name);
    }
  }
  engine::IpcMode mode = engine::parse_ipc_mode(r.host_config.ipc_mode);
  json j = {{"Mode", r.host_config.ipc_mode},
            {"Shareable", mode.joinable()},
            {"Namespace", r.ipc_inode ? fmt::format("ipc:[{}]", r.ipc_inode) : ""},
            {"Inode", r.ipc_inode},
            {"Members", members}};
  if (!r.ipc_group.empty()) {
    auto donor = store.load(r.ipc_group);
    j["Donor"] = donor ? donor->name : r.ipc_group;
  }
  return j;
}

}  // namespace

json container_inspect_json(const engine::ContainerStore& store, const engine::ContainerRecord& r) {
  std::vector<std::string> argv = r.config.entrypoint;
  argv.insert(argv.end(), r.config.cmd.begin(), r.config.cmd.end());
  return {{"Id", r.id},
          {"Created", r.created},
          {"Path", argv.empty() ? "" : argv[0]},
          {"Args", argv.empty() ? json::array() : json(std::vector<std::string>(argv.begin() + 1, argv.end()))},
          {"State", state_json(r)},
          {"Image", "sha256:" + r.image_id},
          {"LogPath", store.paths().log(r.id)},
          {"Name", "/" + r.name},
          {"RestartCount", r.state.restart_count},
          {"Driver", "overlay"},
          {"Platform", "linux"},
          {"HostConfig", host_config_json(r)},
          {"Mounts", mount_points_json(store, r)},
          {"Config", engine::container_config_json(r)},
          {"NetworkSettings", network_settings_json(r)},
          {"GraphDriver", graph_driver_json(store, r)},
          // The /etc files exist from the first start on (engine/etc_files.hpp), as docker's; no LSM labels.
          {"ResolvConfPath", existing(store.paths().container_dir(r.id) + "/resolv.conf")},
          {"HostnamePath", existing(store.paths().container_dir(r.id) + "/hostname")},
          {"HostsPath", existing(store.paths().container_dir(r.id) + "/hosts")},
          {"MountLabel", ""},
          {"ProcessLabel", ""},
          {"AppArmorProfile", ""},
          {"ExecIDs", nullptr},
          {"Ipc", ipc_json(store, r)}};
}

}  // namespace berth::cli

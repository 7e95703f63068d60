// Building docker's inspect shape from a record.
#include "cli/berth/container_inspect_json.hpp"

#include <fmt/core.h>

#include "engine/ipc_mode.hpp"
#include "engine/spec_builder.hpp"

namespace berth::cli {
namespace {

using json = nlohmann::json;

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

json mounts_json(const engine::ContainerStore& store, const engine::ContainerRecord& r) {
  json out = json::array();
  for (const auto& m : r.host_config.mounts) {
    json j = {{"Type", m.type},
              {"Destination", m.destination},
              {"Mode", m.read_only ? "ro" : ""},
              {"RW", !m.read_only},
              {"Propagation", m.type == "bind" ? "rprivate" : ""}};
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

json host_config_json(const engine::ContainerRecord& r) {
  const auto& h = r.host_config;
  engine::IpcMode ipc = engine::parse_ipc_mode(h.ipc_mode);
  json binds = json::array(), tmpfs = json::object(), ulimits = json::array();
  for (const auto& m : h.mounts) {
    if (m.type == "bind" || (m.type == "volume" && !m.anonymous))
      binds.push_back(m.source + ":" + m.destination + (m.read_only ? ":ro" : ""));
    if (m.type == "tmpfs") tmpfs[m.destination] = "";
  }
  for (const auto& u : h.ulimits) ulimits.push_back({{"Name", u.name}, {"Soft", u.soft}, {"Hard", u.hard}});
  json masked = h.privileged ? json(nullptr) : json(engine::default_masked_paths());
  json readonly = h.privileged ? json(nullptr) : json(engine::default_readonly_paths());
  return {{"Binds", binds},
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
          {"Tmpfs", tmpfs},
          {"Init", h.init},
          {"Runtime", h.runtime},
          {"LogConfig", {{"Type", "json-file"}, {"Config", h.log_opts}}}};
}

json config_json(const engine::ContainerRecord& r) {
  const auto& c = r.config;
  json j = {{"Hostname", c.hostname}, {"User", c.user},      {"Tty", c.tty},       {"OpenStdin", c.open_stdin},
            {"Env", c.env},           {"Cmd", c.cmd},        {"Image", c.image},   {"WorkingDir", c.working_dir},
            {"Entrypoint", c.entrypoint.empty() ? json(nullptr) : json(c.entrypoint)},
            {"Labels", c.labels},     {"StopSignal", c.stop_signal}};
  if (c.stop_timeout >= 0) j["StopTimeout"] = c.stop_timeout;
  return j;
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
          {"Mounts", mounts_json(store, r)},
          {"Config", config_json(r)},
          {"Ipc", ipc_json(store, r)}};
}

}  // namespace berth::cli

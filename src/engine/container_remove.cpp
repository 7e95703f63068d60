// Container removal: stop if forced, then undo every step of create and start.
#include "engine/container_pause.hpp"
#include "engine/container_remove.hpp"

#include <signal.h>

#include <algorithm>
#include <filesystem>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/log.hpp"
#include "engine/container_start.hpp"
#include "engine/container_stop.hpp"
#include "engine/ipc_setup.hpp"
#include "engine/process_wait.hpp"
#include "engine/record_update.hpp"
#include "image/overlay.hpp"

namespace berth::engine {
namespace {

// Running containers other than `donor` that share its IPC namespace and are not going too.
std::vector<std::string> live_joiners(const ContainerStore& store, const ContainerRecord& donor,
                                      const std::vector<std::string>& removing) {
  std::vector<std::string> names;
  if (donor.ipc_group != donor.id) return names;
  for (const auto& r : store.list()) {
    if (r.id == donor.id || r.ipc_group != donor.id || !is_running(r)) continue;
    if (std::find(removing.begin(), removing.end(), r.id) != removing.end()) continue;
    names.push_back(r.name);
  }
  return names;
}

}  // namespace

void remove_container_files(const ContainerStore& store, const std::string& id, bool volumes) {
  auto record = store.load(id);
  if (!record) return;
  cleanup_after_exit(store, *record, true);
  std::error_code ec;
  std::filesystem::remove_all(store.paths().run_dir(id), ec);
  std::filesystem::remove(store.paths().attach_socket(id), ec);  // left by a killed monitor
  if (volumes) {
    for (const auto& m : record->host_config.mounts) {
      if (m.type == "volume" && m.anonymous) std::filesystem::remove_all(store.paths().volumes() + "/" + m.source, ec);
    }
  }
  FileLock lock = store.lock();
  // The group is released while the record still names it: a crash in between leaves a record
  // whose `rm -f` releases it (again), never a pinned namespace that no record names.
  if (ipc_group_unused(store, record->ipc_group, id)) release_ipc_group(store.paths(), record->ipc_group);
  store.remove(id);
  forget_ipc_joiner(store, *record);
}

void remove_container(const ContainerStore& store, const ContainerRecord& named, const RemoveOptions& o) {
  // A start under way (its CLI killed, say, and the monitor going on) completes first, and none
  // begins until the record is gone: what a start mounts and runs is in the record read here.
  auto starting = store.start_lock(named.id);
  if (!starting) return;  // removed meanwhile
  auto current = store.load(named.id);
  if (!current) return;
  const ContainerRecord& record = *current;
  std::string status = live_status(record);
  bool running = status == "running" || status == "paused" || status == "restarting";
  if (running && !o.force) {
    throw Error(fmt::format("You cannot remove a {} container {}. Stop the container before attempting removal or "
                            "force remove",
                            status, record.id),
                ExitCode::kGeneric);
  }
  // Only without -f: it reads every record, which made a batch `rm -f` quadratic.
  auto joiners = o.force ? std::vector<std::string>{} : live_joiners(store, record, o.removing_ids);
  if (!joiners.empty()) {
    std::string list;
    for (const auto& n : joiners) list += (list.empty() ? "" : ", ") + n;
    throw Error(fmt::format("cannot remove container {}: running containers share its IPC namespace: {} (remove "
                            "them in the same command, or use -f)",
                            record.name, list));
  }
  if (running) {
    update_record(store, record.id, [](ContainerRecord& r) {
      r.state.manually_stopped = true;
      r.state.removal_in_progress = true;
    });
    if (record.state.pid > 0) {
      signal_init(store, record, SIGKILL);
      thaw_after_kill(store, record);
      wait_process_gone(record.state.pid, record.state.pid_start_time, std::chrono::milliseconds(-1));
    }
  }
  wait_monitor_done(store, record.id);
  remove_container_files(store, record.id, o.volumes);
}

std::vector<std::vector<ContainerRecord>> removal_waves(const std::vector<ContainerRecord>& records) {
  // A donor's group is named by its own id; donors never depend on one another.
  std::vector<ContainerRecord> others, donors;
  for (const auto& r : records) (!r.ipc_group.empty() && r.ipc_group == r.id ? donors : others).push_back(r);
  std::vector<std::vector<ContainerRecord>> waves;
  if (!others.empty()) waves.push_back(std::move(others));
  if (!donors.empty()) waves.push_back(std::move(donors));
  return waves;
}

}  // namespace berth::engine

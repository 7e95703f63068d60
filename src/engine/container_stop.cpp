// Stopping, killing and waiting for containers from a CLI that is not their parent.
#include "engine/container_stop.hpp"

#include <signal.h>
#include <unistd.h>

#include <optional>
#include <thread>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/signals.hpp"
#include "engine/container_pause.hpp"
#include "engine/process_wait.hpp"
#include "engine/record_update.hpp"
#include "engine/runtime_client.hpp"
#include "runtime/process_info.hpp"

namespace berth::engine {
namespace {

using std::chrono::milliseconds;

int stop_signal_of(const ContainerRecord& r) {
  return parse_signal(r.config.stop_signal.empty() ? "SIGTERM" : r.config.stop_signal).value_or(SIGTERM);
}

bool monitor_alive(const ContainerRecord& r) {
  if (r.state.monitor_pid <= 0) return false;
  char state = runtime::process_state(r.state.monitor_pid);
  return state != 0 && state != 'Z' && state != 'X';
}

}  // namespace

bool signal_init(const ContainerStore& store, const ContainerRecord& r, int signal) {
  try {
    runtime_client(store.paths(), r.host_config)->kill(r.id, signal);
    return true;
  } catch (const Error&) {
    // The runtime no longer knows it (a killed monitor's leftovers) or it has just exited.
    return r.state.pid > 0 && runtime::is_same_live_process(r.state.pid, r.state.pid_start_time) &&
           ::kill(r.state.pid, signal) == 0;
  }
}

void wait_monitor_done(const ContainerStore& store, const std::string& id) {
  pid_t monitor = 0;
  uint64_t monitor_start = 0;
  for (;;) {
    auto r = store.load(id);
    if (!r || !monitor_alive(*r)) break;  // done, or killed: the record says the rest
    if (r->state.monitor_pid == ::getpid()) return;  // we are the (attached) monitor
    if (monitor != r->state.monitor_pid) {
      monitor = r->state.monitor_pid;
      monitor_start = runtime::process_start_time(monitor).value_or(0);
    }
    wait_process_gone(monitor, monitor_start, milliseconds(100));
  }
  // The monitor clears monitor_pid just before it exits: wait for the exit itself, so that
  // nothing of the container outlives the command that removed or stopped it.
  if (monitor > 0) wait_process_gone(monitor, monitor_start, milliseconds(2000));
}

void stop_container(const ContainerStore& store, const std::string& id, int timeout_s) {
  std::optional<ContainerRecord> r;
  {
    // A start under way holds the lock until it is recorded (ContainerStore::start_lock): read
    // the record after it, or we would see no init to signal and wait for a monitor that never
    // ends. manually_stopped, set under the lock, keeps any later restart from happening.
    auto starting = store.start_lock(id);
    r = update_record(store, id, [](ContainerRecord& rec) { rec.state.manually_stopped = true; });
  }
  if (!r) return;
  if (is_running(*r) && r->state.pid > 0) {
    int timeout = timeout_s >= 0 ? timeout_s : (r->config.stop_timeout >= 0 ? r->config.stop_timeout : 10);
    // A paused container gets its stop signal when thawed, as docker's does: only the SIGKILL
    // after the timeout thaws it.
    signal_init(store, *r, stop_signal_of(*r));
    if (!wait_process_gone(r->state.pid, r->state.pid_start_time, milliseconds(timeout * 1000LL))) {
      signal_init(store, *r, SIGKILL);
      thaw_after_kill(store, *r);
      wait_process_gone(r->state.pid, r->state.pid_start_time, milliseconds(-1));
    }
  }
  wait_monitor_done(store, id);
}

void kill_container(const ContainerStore& store, const std::string& id, int signal) {
  auto r = store.load(id);
  if (!r || !is_running(*r) || r->state.pid <= 0)
    throw Error(fmt::format("Cannot kill container: {}: container {} is not running", id, id));
  if (signal == SIGKILL || signal == SIGTERM || signal == SIGINT)
    update_record(store, id, [](ContainerRecord& rec) { rec.state.manually_stopped = true; });
  if (!runtime::is_same_live_process(r->state.pid, r->state.pid_start_time) || !signal_init(store, *r, signal))
    throw Error(fmt::format("Cannot kill container: {}: container {} is not running", id, id));
  if (signal == SIGKILL) thaw_after_kill(store, *r);
}

int wait_container(const ContainerStore& store, const std::string& id) {
  for (;;) {
    auto r = store.load(id);
    if (!r) throw Error(fmt::format("No such container: {}", id));
    std::string status = live_status(*r);
    if (status == "running" || status == "paused") {
      wait_process_gone(r->state.pid, r->state.pid_start_time, milliseconds(-1));
      continue;
    }
    // The init is gone but its monitor has not recorded the exit code yet: wait for it.
    bool recorded = r->state.status != "running" && r->state.status != "paused";
    if (!recorded && monitor_alive(*r)) {
      std::this_thread::sleep_for(milliseconds(2));
      continue;
    }
    return r->state.exit_code;
  }
}

}  // namespace berth::engine

// kill: signal a container's init, or every process in its cgroup.
#include <csignal>

#include <fmt/core.h>

#include "base/error.hpp"
#include "runtime/cgroups/manager.hpp"
#include "runtime/ops.hpp"
#include "runtime/ops/signal_process.hpp"

namespace berth::runtime {
namespace {

void signal_all(const ContainerRecord& r, int signal) {
  if (r.cgroup.is_null()) throw Error("container has no cgroup to signal");
  auto cg = cgroups::load_manager(r.cgroup);
  // Freeze first so no process can fork a child we would miss, then thaw to deliver.
  bool was_frozen = cg->frozen();
  if (!was_frozen) cg->freeze();
  for (pid_t p : cg->pids()) ::kill(p, signal);
  if (!was_frozen || signal == SIGKILL) cg->thaw();
}

}  // namespace

void kill_container(StateStore& store, const std::string& id, int signal, bool all) {
  ContainerRecord r = store.must_load(id);
  std::string status = store.status(r);
  if (status == "stopped" || status == "creating") {
    if (!all) throw Error("container not running");
    // kill --all of a stopped container still reaches processes left in its cgroup.
  }
  if (all) return signal_all(r, signal);
  if (!signal_process(r.pid, r.pid_start_time, signal)) throw Error("container not running");
}

}  // namespace berth::runtime

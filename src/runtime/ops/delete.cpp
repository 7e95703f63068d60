// delete: stop what is left of a container, remove its cgroup and state, run poststop hooks.
#include <csignal>
#include <vector>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/log.hpp"
#include "runtime/cgroups/manager.hpp"
#include "runtime/hooks.hpp"
#include "runtime/ops.hpp"
#include "runtime/ops/signal_process.hpp"

namespace berth::runtime {
namespace {

constexpr int kExitWaitMs = 10000;

// `init_gone`: the state said "stopped" (the init's pid no longer names a process with its start
// time), so only what is left in the cgroup needs killing. After a foreground run, nothing is.
void kill_everything(const ContainerRecord& r, cgroups::Manager* cg, bool init_gone) {
  if (cg) {
    try {
      std::vector<pid_t> pids = cg->pids();
      if (!pids.empty()) {
        for (pid_t p : pids) ::kill(p, SIGKILL);
        cg->thaw();  // a paused container's processes cannot die until thawed
      }
    } catch (const Error& e) {
      log::debug(e.what());  // the cgroup may already be gone
    }
  }
  if (init_gone) return;
  signal_process(r.pid, r.pid_start_time, SIGKILL);
  if (!wait_process_gone(r.pid, r.pid_start_time, kExitWaitMs))
    throw Error(fmt::format("container init {} did not exit after SIGKILL", r.pid));
}

}  // namespace

void delete_container(StateStore& store, const std::string& id, bool force) {
  ContainerRecord r = store.must_load(id);
  std::string status = store.status(r);
  if ((status == "running" || status == "paused") && !force)
    throw Error(fmt::format("cannot delete container {} that is not stopped: {}", id, status));
  if (status == "creating") {
    // A create that did not finish (its runtime was killed): the init died with it
    // (PDEATHSIG); what may remain is the cgroup, if the record got that far, and the directory.
    if (!force) throw Error(fmt::format("cannot delete container {} that is still being created", id));
    if (!r.cgroup.is_null()) {
      auto cg = cgroups::load_manager(r.cgroup);
      for (pid_t p : cg->pids()) ::kill(p, SIGKILL);
      cg->destroy();
    }
    store.remove(id);
    return;
  }
  std::unique_ptr<cgroups::Manager> cg;
  if (!r.cgroup.is_null()) cg = cgroups::load_manager(r.cgroup);
  kill_everything(r, cg.get(), status == "stopped");
  if (cg) cg->destroy();
  if (r.has_poststop_hooks) {
    try {
      oci::Spec spec = saved_spec(store, id);
      oci::State state = store.oci_state(r);
      state.status = "stopped";
      run_hooks_warn_only(spec.hooks.poststop, oci::to_json(state).dump(), "poststop");
    } catch (const Error& e) {
      log::warn(e.what());  // the saved config is unreadable: delete anyway, nothing to run
    }
  }
  store.remove(id);
}

}  // namespace berth::runtime

// cgroup v2 manager: creates the cgroup with its controllers delegated, executes the
// controllers' plans, and moves, freezes, lists and removes the container's processes.
#include "runtime/cgroups/v2/manager.hpp"

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "runtime/cgroups/cgroup_path.hpp"
#include "runtime/cgroups/v2/controllers.hpp"

namespace berth::cgroups::v2 {

Manager::Manager(std::string root, const std::string& path)
    : root_(std::move(root)), path_(normalize_path(path)), dir_(root_ + path_) {}

void Manager::create() {
  try {
    mkdir_all(dir_);
  } catch (Error& e) {
    throw std::move(e).context("cgroup: create");
  }
  enable_controllers(root_, path_);
}

void Manager::apply(const oci::Resources& r) {
  if (!r.devices.empty()) {
    log::debug(
        fmt::format("cgroup v2: {} device rules not applied (eBPF device filter not "
                    "implemented yet)",
                    r.devices.size()));
  }
  Plan plan;
  auto add = [&plan](Plan p) { plan.insert(plan.end(), p.begin(), p.end()); };
  if (r.memory) add(plan_memory(*r.memory));
  if (r.cpu) {
    add(plan_cpuset(*r.cpu));
    add(plan_cpu(*r.cpu));
  }
  if (r.pids_limit) add(plan_pids(*r.pids_limit));
  if (r.block_io) add(plan_io(*r.block_io, path_exists(dir_ + "/io.bfq.weight")));
  add(plan_hugetlb(r.hugepage_limits));
  execute(dir_, plan);
  // Last, so a raw knob given in config.json overrides the value derived from the OCI fields.
  apply_unified(dir_, r.unified);
}

void Manager::add_process(pid_t pid) { write_knob(dir_ + "/cgroup.procs", std::to_string(pid)); }

void Manager::freeze() { v2::freeze(dir_); }
void Manager::thaw() { v2::thaw(dir_); }
bool Manager::frozen() const { return v2::frozen(dir_); }

std::vector<pid_t> Manager::pids() const { return read_procs_recursive(dir_); }

void Manager::destroy() { remove_cgroup_dir(dir_); }

nlohmann::json Manager::to_json() const {
  return {{"version", "v2"}, {"path", path_}, {"root", root_}};
}

}  // namespace berth::cgroups::v2

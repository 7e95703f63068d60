// cgroup v2 manager: creates the cgroup with its controllers delegated, executes the
// controllers' plans, and moves, freezes, lists and removes the container's processes.
#include "runtime/cgroups/v2/manager.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/statfs.h>

#include <cstdio>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "runtime/cgroups/cgroup_path.hpp"
#include "runtime/cgroups/v2/controllers.hpp"
#include "runtime/cgroups/v2/device_filter.hpp"

namespace berth::cgroups::v2 {
namespace {

bool on_cgroup2(const std::string& dir) {
  struct statfs fs {};
  return ::statfs(dir.c_str(), &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

// Not the initial user namespace: uid_map maps anything but all of 0..2^32-2 onto itself.
bool in_user_namespace() {
  unsigned long inside = 0, outside = 0, count = 0;
  std::string map = read_file("/proc/self/uid_map");
  return std::sscanf(map.c_str(), "%lu %lu %lu", &inside, &outside, &count) != 3 ||
         inside != 0 || outside != 0 || count != 4294967295UL;
}

// An empty list leaves the cgroup's filter as it is (an update that does not mention devices).
void apply_devices(const std::string& dir, const std::vector<oci::DeviceRule>& rules) {
  if (rules.empty()) return;
  DeviceProgram program = plan_device_filter(rules);
  // A plain directory has nowhere to attach a program: the unit tests' fake cgroupfs, which
  // checks the knob writes only.
  if (!on_cgroup2(dir)) {
    log::debug(fmt::format("cgroup v2: {} is not on cgroup2, device rules not attached", dir));
    return;
  }
  try {
    attach_device_filter(dir, program);
  } catch (const Error& e) {
    // As runc and crun: in a user namespace bpf(2) is refused, and a rootless container can
    // neither mknod nor open host devices it was not given, so going on without the filter
    // is what every rootless runtime does.
    if (!in_user_namespace()) throw;
    log::debug(fmt::format("cgroup v2: device rules not applied in a user namespace: {}",
                           e.what()));
  }
}

}  // namespace

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
  apply_devices(dir_, r.devices);
}

void Manager::add_process(pid_t pid) { write_knob(dir_ + "/cgroup.procs", std::to_string(pid)); }

Placement Manager::open_placement() const {
  Placement placement;
  placement.clone_into.reset(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!placement.clone_into) throw Error::last_errno("cgroup: open", dir_);
  placement.clone_into_path = dir_;
  return placement;
}

void Manager::freeze() { v2::freeze(dir_); }
void Manager::thaw() { v2::thaw(dir_); }
bool Manager::frozen() const { return v2::frozen(dir_); }

std::vector<pid_t> Manager::pids() const { return read_procs_recursive(dir_); }

void Manager::destroy() { remove_cgroup_dir(dir_); }

nlohmann::json Manager::to_json() const {
  return {{"version", "v2"}, {"path", path_}, {"root", root_}};
}

}  // namespace berth::cgroups::v2

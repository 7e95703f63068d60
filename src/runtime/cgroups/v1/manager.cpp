// cgroup v1 manager: creates the cgroup in every hierarchy, executes the controllers' plans,
// and moves, freezes, lists and removes the container's processes.
#include "runtime/cgroups/v1/manager.hpp"

#include <fcntl.h>

#include <fmt/core.h>

#include <set>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "runtime/cgroups/cgroup_path.hpp"

namespace berth::cgroups::v1 {

Manager::Manager(Roots roots, const std::string& path)
    : roots_(std::move(roots)), path_(normalize_path(path)) {}

std::string Manager::dir(const std::string& controller) const {
  auto it = roots_.find(controller);
  return it == roots_.end() ? std::string() : it->second + path_;
}

std::vector<std::string> Manager::hierarchy_dirs() const {
  std::set<std::string> mounts;
  for (const auto& [controller, mount] : roots_) mounts.insert(mount);
  std::vector<std::string> dirs;
  for (const auto& mount : mounts) dirs.push_back(mount + path_);
  return dirs;
}

std::string Manager::require_dir(const std::string& controller, const char* why) const {
  std::string d = dir(controller);
  if (d.empty()) {
    throw Error(
        fmt::format("cgroup: {} needs the {} controller, which is not mounted", why, controller));
  }
  return d;
}

void Manager::create() {
  for (const auto& d : hierarchy_dirs()) {
    try {
      mkdir_all(d);
    } catch (Error& e) {
      throw std::move(e).context("cgroup: create");
    }
  }
  if (roots_.contains("cpuset")) init_cpuset(roots_.at("cpuset"), path_);
}

MemoryState Manager::memory_state() const {
  MemoryState state;
  std::string d = dir("memory");
  state.has_memsw = path_exists(d + "/memory.memsw.limit_in_bytes");
  if (auto limit = parse_uint(read_knob(d + "/memory.limit_in_bytes"))) state.limit = *limit;
  return state;
}

void Manager::act(const std::string& controller, const Plan& plan) const {
  if (plan.empty()) return;
  execute(require_dir(controller, "a resource limit"), plan);
}

void Manager::apply(const oci::Resources& r) {
  if (!r.unified.empty()) throw Error("cgroup: linux.resources.unified needs cgroup v2");
  if (r.memory) {
    require_dir("memory", "a memory limit");
    act("memory", plan_memory(*r.memory, memory_state()));
  }
  if (r.cpu) {
    act("cpuset", plan_cpuset(*r.cpu));
    act("cpu", plan_cpu(*r.cpu));
  }
  if (r.pids_limit) act("pids", plan_pids(*r.pids_limit));
  if (r.block_io) {
    bool has_weight = path_exists(dir("blkio") + "/blkio.weight");
    act("blkio", plan_blkio(*r.block_io, has_weight));
  }
  act("devices", plan_devices(r.devices));
  act("hugetlb", plan_hugetlb(r.hugepage_limits));
}

void Manager::add_process(pid_t pid) {
  for (const auto& d : hierarchy_dirs()) write_knob(d + "/cgroup.procs", std::to_string(pid));
}

Placement Manager::open_placement() const {
  Placement placement;
  for (const auto& d : hierarchy_dirs()) {
    std::string path = d + "/tasks";
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd) throw Error::last_errno("cgroup: open", path);
    placement.tasks_files.push_back({std::move(fd), std::move(path)});
  }
  return placement;
}

void Manager::freeze() { v1::freeze(require_dir("freezer", "pause")); }
void Manager::thaw() { v1::thaw(require_dir("freezer", "resume")); }
bool Manager::frozen() const {
  std::string d = dir("freezer");
  return !d.empty() && v1::frozen(d);
}

std::vector<pid_t> Manager::pids() const {
  // Any hierarchy holds every task; these are the ones a runtime can count on.
  for (const char* controller : {"freezer", "pids", "memory"}) {
    if (roots_.contains(controller)) return read_procs_recursive(dir(controller));
  }
  auto dirs = hierarchy_dirs();
  if (dirs.empty()) throw Error("cgroup: no v1 hierarchy to list processes from");
  return read_procs_recursive(dirs.front());
}

void Manager::destroy() {
  // Every hierarchy gets its attempt even when one fails, so as little as possible is leaked.
  std::optional<Error> first;
  for (const auto& d : hierarchy_dirs()) {
    try {
      remove_cgroup_dir(d);
    } catch (const Error& e) {
      if (!first) first = e;
    }
  }
  if (first) throw *first;
}

nlohmann::json Manager::to_json() const {
  return {{"version", "v1"}, {"path", path_}, {"roots", roots_}};
}

}  // namespace berth::cgroups::v1

// cgroup v1 hierarchies from mountinfo: fs type "cgroup", controllers in the super options.
#include "runtime/cgroups/v1/mountinfo.hpp"

#include <set>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "runtime/mountinfo.hpp"

namespace berth::cgroups::v1 {
namespace {

// Super options also carry flags ("rw", "clone_children", "release_agent=..."): keep only
// controllers and named hierarchies.
bool is_controller(const std::string& opt) {
  static const std::set<std::string> kControllers = {
      "cpuset",  "cpu",        "cpuacct",  "blkio",   "memory", "devices", "freezer",
      "net_cls", "perf_event", "net_prio", "hugetlb", "pids",   "rdma",    "misc"};
  return opt.starts_with("name=") || kControllers.contains(opt);
}

}  // namespace

Roots parse_mountinfo(std::string_view mountinfo) {
  Roots roots;
  for (const auto& m : runtime::parse_mountinfo(mountinfo)) {
    if (m.fs_type != "cgroup") continue;
    for (const auto& opt : split(m.super_options, ','))
      if (is_controller(opt)) roots.emplace(opt, m.mount_point);  // emplace keeps the first mount
  }
  return roots;
}

Roots find_roots() {
  Roots roots = parse_mountinfo(read_file("/proc/self/mountinfo"));
  if (roots.empty()) throw Error("cgroup: no cgroup v1 hierarchy is mounted");
  return roots;
}

}  // namespace berth::cgroups::v1

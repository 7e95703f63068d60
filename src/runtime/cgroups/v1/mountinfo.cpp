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

std::vector<Hierarchy> parse_hierarchies(std::string_view mountinfo) {
  std::vector<Hierarchy> out;
  for (const auto& m : runtime::parse_mountinfo(mountinfo)) {
    if (m.fs_type != "cgroup") continue;
    std::string controllers;
    for (const auto& opt : split(m.super_options, ','))
      if (is_controller(opt)) controllers += (controllers.empty() ? "" : ",") + opt;
    if (!controllers.empty()) out.push_back({m.mount_point, controllers});
  }
  return out;
}

Roots roots_of(const std::vector<Hierarchy>& hierarchies) {
  Roots roots;
  for (const auto& h : hierarchies)
    for (const auto& controller : split(h.controllers, ','))
      roots.emplace(controller, h.mount_point);  // emplace keeps the first mount
  return roots;
}

Roots parse_mountinfo(std::string_view mountinfo) { return roots_of(parse_hierarchies(mountinfo)); }

std::vector<Hierarchy> find_hierarchies() {
  auto hierarchies = parse_hierarchies(read_file("/proc/self/mountinfo"));
  if (hierarchies.empty()) throw Error("cgroup: no cgroup v1 hierarchy is mounted");
  return hierarchies;
}

Roots find_roots() { return roots_of(find_hierarchies()); }

}  // namespace berth::cgroups::v1

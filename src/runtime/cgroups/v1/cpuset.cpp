// v1 cpuset controller: cpus and mems, and the parent-copy a new cpuset cgroup needs.
#include "base/strings.hpp"
#include "runtime/cgroups/v1/controllers.hpp"

namespace berth::cgroups::v1 {

Plan plan_cpuset(const oci::CpuResources& cpu) {
  Plan plan;
  if (!cpu.cpus.empty()) plan.push_back({"cpuset.cpus", cpu.cpus});
  if (!cpu.mems.empty()) plan.push_back({"cpuset.mems", cpu.mems});
  return plan;
}

void init_cpuset(const std::string& root, const std::string& path) {
  std::string parent = root;
  for (const auto& part : split(path, '/')) {
    if (part.empty()) continue;
    std::string dir = parent + "/" + part;
    // Top-down, so each parent is already populated when its child copies from it.
    for (const char* knob : {"cpuset.cpus", "cpuset.mems"}) {
      if (!read_knob(dir + "/" + knob).empty()) continue;
      write_knob(dir + "/" + knob, read_knob(parent + "/" + knob));
    }
    parent = dir;
  }
}

}  // namespace berth::cgroups::v1

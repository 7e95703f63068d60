// cgroup v2 controllers: each turns its part of oci::Resources into a Plan of knob writes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "oci/spec.hpp"
#include "runtime/cgroups/knobs.hpp"

namespace berth::cgroups::v2 {

Plan plan_memory(const oci::MemoryResources& memory);
Plan plan_cpu(const oci::CpuResources& cpu);
Plan plan_cpuset(const oci::CpuResources& cpu);
Plan plan_pids(int64_t limit);
// `has_bfq`: io.bfq.weight exists; BFQ then takes blkio weights unconverted (runc).
Plan plan_io(const oci::BlockIoResources& blkio, bool has_bfq);
Plan plan_hugetlb(const std::vector<oci::HugepageLimit>& limits);
// linux.resources.unified, written as given. Throws Error naming the key when one fails.
void apply_unified(const std::string& dir, const std::map<std::string, std::string>& unified);

// Enables in cgroup.subtree_control of every directory from `root` down to the parent of
// `root + path` the controllers that directory offers (its cgroup.controllers).
void enable_controllers(const std::string& root, const std::string& path);

// Freezer: cgroup.freeze, then wait for cgroup.events to report "frozen 1" (or 0).
void freeze(const std::string& dir);
void thaw(const std::string& dir);
bool frozen(const std::string& dir);

}  // namespace berth::cgroups::v2

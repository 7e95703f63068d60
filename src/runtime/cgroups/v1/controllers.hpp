// cgroup v1 controllers: each turns its part of oci::Resources into a Plan of knob writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "oci/spec.hpp"
#include "runtime/cgroups/knobs.hpp"

namespace berth::cgroups::v1 {

// What the memory plan needs to know about the cgroup as it is now.
struct MemoryState {
  uint64_t limit = UINT64_MAX;  // memory.limit_in_bytes now
  bool has_memsw = false;       // memory.memsw.limit_in_bytes exists (swap accounting is on)
};
Plan plan_memory(const oci::MemoryResources& memory, const MemoryState& now);

Plan plan_cpu(const oci::CpuResources& cpu);
Plan plan_cpuset(const oci::CpuResources& cpu);
// A new cpuset cgroup starts with empty cpus and mems and refuses tasks until they are set:
// copies them from the parent into each directory from `root` down to `root + path`.
void init_cpuset(const std::string& root, const std::string& path);

Plan plan_pids(int64_t limit);

// `has_weight`: blkio.weight exists (CFQ); otherwise the BFQ knobs carry the weights.
Plan plan_blkio(const oci::BlockIoResources& blkio, bool has_weight);

// Device rule as devices.allow / devices.deny expect it: "c 1:3 rwm", "a" for every device.
std::string device_rule_string(const oci::DeviceRule& rule);
Plan plan_devices(const std::vector<oci::DeviceRule>& rules);

Plan plan_hugetlb(const std::vector<oci::HugepageLimit>& limits);

// Freezer: writes freezer.state and waits until the kernel reports the state reached.
void freeze(const std::string& dir);
void thaw(const std::string& dir);
bool frozen(const std::string& dir);

}  // namespace berth::cgroups::v1

// v2 memory controller: memory.max, memory.low and memory.swap.max (swap alone, not memsw).
#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "runtime/cgroups/convert.hpp"
#include "runtime/cgroups/v2/controllers.hpp"

namespace berth::cgroups::v2 {
namespace {

// memory.swap.max from OCI's memory+swap, or "" for "leave it".
std::string swap_value(int64_t memory_swap, int64_t memory) {
  int64_t swap = v2_swap(memory_swap, memory);
  // swap == limit means "no swap": write 0, which v2_limit would read as unset.
  if (swap == 0 && memory_swap > 0) return "0";
  return v2_limit(swap);
}

}  // namespace

Plan plan_memory(const oci::MemoryResources& m) {
  Plan plan;
  int64_t limit = m.limit.value_or(0);
  std::string swap = swap_value(m.swap.value_or(0), limit);
  // Without swap accounting there is no memory.swap.max; "max" and "0" then already hold.
  bool swap_optional = swap == "max" || swap == "0";
  if (!swap.empty()) plan.push_back({"memory.swap.max", swap, swap_optional});
  if (auto v = v2_limit(limit); !v.empty()) plan.push_back({"memory.max", v});
  if (auto v = v2_limit(m.reservation.value_or(0)); !v.empty()) plan.push_back({"memory.low", v});
  // No v2 equivalents: kernel memory is accounted with the rest, swappiness is global, and the
  // OOM killer cannot be switched off per cgroup.
  if (m.kernel || m.kernel_tcp) log::debug("cgroup v2: kernel memory limits ignored");
  if (m.swappiness) log::debug("cgroup v2: memory swappiness ignored (no such knob)");
  if (m.disable_oom_killer.value_or(false)) log::debug("cgroup v2: disable_oom_killer ignored");
  return plan;
}

}  // namespace berth::cgroups::v2

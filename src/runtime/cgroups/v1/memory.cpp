// v1 memory controller: limit, memsw (memory + swap), soft limit, swappiness, OOM killer.
#include <fmt/core.h>

#include "base/error.hpp"
#include "base/log.hpp"
#include "runtime/cgroups/v1/controllers.hpp"

namespace berth::cgroups::v1 {
namespace {

constexpr const char* kLimit = "memory.limit_in_bytes";
constexpr const char* kMemsw = "memory.memsw.limit_in_bytes";

// The kernel keeps limit <= memsw at every moment, so the order of the two writes matters:
// when the new memsw is at least the current limit (or unlimited), raising memsw first keeps
// the invariant; otherwise the limit must come down first. Either wrong order is EINVAL.
void add_limit_and_swap(Plan& plan, int64_t limit, int64_t swap, uint64_t current_limit) {
  bool swap_first =
      limit != 0 && swap != 0 && (swap == -1 || current_limit < static_cast<uint64_t>(swap));
  Write l{kLimit, std::to_string(limit)}, s{kMemsw, std::to_string(swap)};
  if (swap_first) {
    plan.push_back(s);
    plan.push_back(l);
    return;
  }
  if (limit != 0) plan.push_back(l);
  if (swap != 0) plan.push_back(s);
}

void add_swappiness(Plan& plan, const std::optional<uint64_t>& swappiness) {
  // runc reads -1 (all bits set once unsigned) as "leave the kernel's default".
  if (!swappiness || *swappiness == UINT64_MAX) return;
  if (*swappiness > 100) {
    throw Error(fmt::format("cgroup: memory swappiness {} is outside 0..100", *swappiness));
  }
  plan.push_back({"memory.swappiness", std::to_string(*swappiness)});
}

}  // namespace

Plan plan_memory(const oci::MemoryResources& m, const MemoryState& now) {
  Plan plan;
  int64_t limit = m.limit.value_or(0), swap = m.swap.value_or(0);
  if (!now.has_memsw) {
    if (swap != 0) log::debug("cgroup v1: no swap accounting (memsw), swap limit not applied");
    swap = 0;
  } else if (limit == -1 && swap == 0) {
    swap = -1;  // unlimited memory with swap unset means unlimited swap too (runc)
  }
  add_limit_and_swap(plan, limit, swap, now.limit);
  if (m.reservation.value_or(0) != 0) {
    plan.push_back({"memory.soft_limit_in_bytes", std::to_string(*m.reservation)});
  }
  // Kernel memory limits are deprecated and gone from recent kernels; runc ignores them too.
  if (m.kernel) log::debug("cgroup v1: kernel memory limit ignored (deprecated)");
  if (m.kernel_tcp.value_or(0) != 0) {
    plan.push_back({"memory.kmem.tcp.limit_in_bytes", std::to_string(*m.kernel_tcp)});
  }
  add_swappiness(plan, m.swappiness);
  if (m.disable_oom_killer.value_or(false)) plan.push_back({"memory.oom_control", "1"});
  return plan;
}

}  // namespace berth::cgroups::v1

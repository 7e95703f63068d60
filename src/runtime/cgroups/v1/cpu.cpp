// v1 cpu controller: shares, CFS quota and period, realtime budget, idle.
#include "runtime/cgroups/v1/controllers.hpp"

#include <fmt/core.h>

#include "base/error.hpp"

namespace berth::cgroups::v1 {
namespace {

// The kernel clamps cpu.shares into [2, 262144] without a word; runc refuses a value outside it
// (reading the file back), and so do we, with its message, before anything is written.
constexpr uint64_t kMinShares = 2, kMaxShares = 262144;

}  // namespace

Plan plan_cpu(const oci::CpuResources& cpu) {
  Plan plan;
  if (uint64_t shares = cpu.shares.value_or(0); shares != 0) {
    if (shares < kMinShares) throw Error(fmt::format("the minimum allowed cpu-shares is {}", kMinShares));
    if (shares > kMaxShares) throw Error(fmt::format("the maximum allowed cpu-shares is {}", kMaxShares));
    plan.push_back({"cpu.shares", std::to_string(shares)});
  }
  uint64_t period = cpu.period.value_or(0);
  int64_t quota = cpu.quota.value_or(0);
  // A shorter period can be refused (EINVAL) while the old quota/new period would exceed the
  // parent's bandwidth; runc then sets the quota and retries the period. Same here.
  if (period != 0) {
    plan.push_back({"cpu.cfs_period_us", std::to_string(period), false, quota != 0});
  }
  if (quota != 0) {
    plan.push_back({"cpu.cfs_quota_us", std::to_string(quota)});
    if (period != 0) plan.push_back({"cpu.cfs_period_us", std::to_string(period)});
  }
  // The period first: the runtime must fit in it.
  if (cpu.realtime_period.value_or(0) != 0) {
    plan.push_back({"cpu.rt_period_us", std::to_string(*cpu.realtime_period)});
  }
  if (cpu.realtime_runtime.value_or(0) != 0) {
    plan.push_back({"cpu.rt_runtime_us", std::to_string(*cpu.realtime_runtime)});
  }
  if (cpu.idle) plan.push_back({"cpu.idle", std::to_string(*cpu.idle)});
  return plan;
}

}  // namespace berth::cgroups::v1

// v2 cpu controller: cpu.weight (from shares), cpu.max ("quota period"), cpu.idle.
#include "base/log.hpp"
#include "runtime/cgroups/convert.hpp"
#include "runtime/cgroups/v2/controllers.hpp"

namespace berth::cgroups::v2 {
namespace {

// runc's cpu.max: "max" when the quota is unset or negative; the period only when given.
std::string cpu_max(int64_t quota, uint64_t period) {
  std::string value = quota > 0 ? std::to_string(quota) : "max";
  if (period != 0) value += " " + std::to_string(period);
  return value;
}

}  // namespace

Plan plan_cpu(const oci::CpuResources& cpu) {
  Plan plan;
  if (uint64_t weight = shares_to_weight(cpu.shares.value_or(0)); weight != 0) {
    plan.push_back({"cpu.weight", std::to_string(weight)});
  }
  int64_t quota = cpu.quota.value_or(0);
  uint64_t period = cpu.period.value_or(0);
  if (quota != 0 || period != 0) plan.push_back({"cpu.max", cpu_max(quota, period)});
  if (cpu.idle) plan.push_back({"cpu.idle", std::to_string(*cpu.idle)});
  if (cpu.realtime_period || cpu.realtime_runtime) {
    log::debug("cgroup v2: realtime cpu budget ignored (v2 has no cpu.rt_* knobs)");
  }
  return plan;
}

Plan plan_cpuset(const oci::CpuResources& cpu) {
  Plan plan;
  if (!cpu.cpus.empty()) plan.push_back({"cpuset.cpus", cpu.cpus});
  if (!cpu.mems.empty()) plan.push_back({"cpuset.mems", cpu.mems});
  return plan;
}

}  // namespace berth::cgroups::v2

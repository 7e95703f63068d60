// v2 io controller: weights (io.weight converted from blkio's range, or BFQ's own) and io.max.
#include <fmt/core.h>

#include "base/log.hpp"
#include "runtime/cgroups/convert.hpp"
#include "runtime/cgroups/v2/controllers.hpp"

namespace berth::cgroups::v2 {
namespace {

void add_max(Plan& plan, const char* key, const std::vector<oci::ThrottleDevice>& devices) {
  for (const auto& d : devices) {
    plan.push_back({"io.max", fmt::format("{}:{} {}={}", d.major, d.minor, key, d.rate)});
  }
}

// BFQ takes blkio's 1..1000 weights as they are; io.weight wants 1..10000.
void add_weights(Plan& plan, const oci::BlockIoResources& b, bool has_bfq) {
  const char* file = has_bfq ? "io.bfq.weight" : "io.weight";
  auto value = [&](uint64_t w) { return has_bfq ? w : blkio_to_io_weight(w); };
  if (b.weight.value_or(0) != 0) plan.push_back({file, std::to_string(value(*b.weight))});
  for (const auto& d : b.weight_device) {
    if (d.weight.value_or(0) == 0) continue;
    plan.push_back({file, fmt::format("{}:{} {}", d.major, d.minor, value(*d.weight))});
  }
}

}  // namespace

Plan plan_io(const oci::BlockIoResources& b, bool has_bfq) {
  Plan plan;
  add_weights(plan, b, has_bfq);
  if (b.leaf_weight) log::debug("cgroup v2: blkio leaf weight ignored (no such knob)");
  add_max(plan, "rbps", b.throttle_read_bps);
  add_max(plan, "wbps", b.throttle_write_bps);
  add_max(plan, "riops", b.throttle_read_iops);
  add_max(plan, "wiops", b.throttle_write_iops);
  return plan;
}

}  // namespace berth::cgroups::v2

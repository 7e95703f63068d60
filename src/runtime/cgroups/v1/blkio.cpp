// v1 blkio controller: proportional weights (CFQ or BFQ knobs) and throttling per device.
#include <fmt/core.h>

#include "runtime/cgroups/v1/controllers.hpp"

namespace berth::cgroups::v1 {
namespace {

std::string device_value(int64_t major, int64_t minor, uint64_t value) {
  return fmt::format("{}:{} {}", major, minor, value);
}

void add_throttles(Plan& plan, const char* file, const std::vector<oci::ThrottleDevice>& devs) {
  for (const auto& d : devs) plan.push_back({file, device_value(d.major, d.minor, d.rate)});
}

}  // namespace

Plan plan_blkio(const oci::BlockIoResources& b, bool has_weight) {
  Plan plan;
  // Kernels without CFQ (5.0+) expose the weights only through BFQ's knobs.
  std::string weight = has_weight ? "blkio.weight" : "blkio.bfq.weight";
  std::string weight_device = has_weight ? "blkio.weight_device" : "blkio.bfq.weight_device";
  if (b.weight.value_or(0) != 0) plan.push_back({weight, std::to_string(*b.weight)});
  if (b.leaf_weight.value_or(0) != 0) {
    plan.push_back({"blkio.leaf_weight", std::to_string(*b.leaf_weight)});
  }
  for (const auto& d : b.weight_device) {
    if (d.weight.value_or(0) != 0) {
      plan.push_back({weight_device, device_value(d.major, d.minor, *d.weight)});
    }
    if (d.leaf_weight.value_or(0) != 0) {
      plan.push_back({"blkio.leaf_weight_device", device_value(d.major, d.minor, *d.leaf_weight)});
    }
  }
  add_throttles(plan, "blkio.throttle.read_bps_device", b.throttle_read_bps);
  add_throttles(plan, "blkio.throttle.write_bps_device", b.throttle_write_bps);
  add_throttles(plan, "blkio.throttle.read_iops_device", b.throttle_read_iops);
  add_throttles(plan, "blkio.throttle.write_iops_device", b.throttle_write_iops);
  return plan;
}

}  // namespace berth::cgroups::v1

// v1 devices controller: the rule list written in order to devices.allow / devices.deny.
//
// Rules are applied as listed. A list starting with a deny-all (OCI's usual
// {"allow":false,"access":"rwm"}) first writes "a" to devices.deny, which drops every inherited
// exception; the allows that follow build the whitelist. Unlike runc we do not compute the
// difference against the current rules, so an update briefly denies everything.
#include <fmt/core.h>

#include "base/error.hpp"
#include "runtime/cgroups/v1/controllers.hpp"

namespace berth::cgroups::v1 {
namespace {

std::string number_or_star(const std::optional<int64_t>& n) {
  return n && *n >= 0 ? std::to_string(*n) : "*";
}

// Rules come from config.json: refuse anything that is not a plain rule.
void check_rule(const oci::DeviceRule& rule) {
  bool type_ok = rule.type.empty() || rule.type == "a" || rule.type == "c" || rule.type == "b";
  bool access_ok = rule.access.find_first_not_of("rwm") == std::string::npos;
  if (!type_ok || !access_ok) {
    throw Error(fmt::format("cgroup: invalid device rule type \"{}\" access \"{}\"", rule.type,
                            rule.access));
  }
}

}  // namespace

std::string device_rule_string(const oci::DeviceRule& rule) {
  check_rule(rule);
  // For type "a" the kernel ignores numbers and access: it switches the default and clears
  // the exceptions.
  if (rule.type.empty() || rule.type == "a") return "a";
  std::string access = rule.access.empty() ? "rwm" : rule.access;
  return fmt::format("{} {}:{} {}", rule.type, number_or_star(rule.major),
                     number_or_star(rule.minor), access);
}

Plan plan_devices(const std::vector<oci::DeviceRule>& rules) {
  Plan plan;
  for (const auto& rule : rules) {
    plan.push_back({rule.allow ? "devices.allow" : "devices.deny", device_rule_string(rule)});
  }
  return plan;
}

}  // namespace berth::cgroups::v1

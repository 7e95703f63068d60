// Default device cgroup rules: the spec's default devices plus mknod and the pty devices.
#include "runtime/default_device_rules.hpp"

namespace berth::runtime {
namespace {

struct Rule {
  const char* type;
  int64_t major;  // -1: any
  int64_t minor;
  const char* access;
};

constexpr Rule kDefaultRules[] = {
    {"c", -1, -1, "m"},   {"b", -1, -1, "m"},  // mknod anything; access is decided below
    {"c", 1, 3, "rwm"},   {"c", 1, 5, "rwm"},  {"c", 1, 7, "rwm"},  // null zero full
    {"c", 1, 8, "rwm"},   {"c", 1, 9, "rwm"},  {"c", 5, 0, "rwm"},  // random urandom tty
    {"c", 5, 1, "rwm"},   {"c", 5, 2, "rwm"},  {"c", 136, -1, "rwm"},  // console ptmx pts/*
};

std::optional<int64_t> wildcard(int64_t v) { return v < 0 ? std::nullopt : std::optional<int64_t>(v); }

}  // namespace

oci::Resources with_default_device_rules(oci::Resources r, const std::vector<oci::Device>& devices) {
  for (const auto& rule : kDefaultRules)
    r.devices.push_back(oci::DeviceRule{true, rule.type, wildcard(rule.major), wildcard(rule.minor), rule.access});
  for (const auto& d : devices) {
    if (d.type == "p") continue;  // fifos are not governed by the device cgroup
    r.devices.push_back(oci::DeviceRule{true, d.type == "u" ? "c" : d.type, d.major, d.minor, "rwm"});
  }
  return r;
}

}  // namespace berth::runtime

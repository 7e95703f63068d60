// The device cgroup rules every container gets on top of its config's, as runc grants them.
#pragma once

#include "oci/spec.hpp"

namespace berth::runtime {

// Appends to linux.resources.devices: mknod of any node (the init creates /dev itself), access
// to the spec's default devices and the pty ones, and to every device in linux.devices.
// Without these, a config that denies all devices (the usual first rule) would lock the
// container out of /dev/null before it starts.
oci::Resources with_default_device_rules(oci::Resources resources, const std::vector<oci::Device>& devices);

}  // namespace berth::runtime

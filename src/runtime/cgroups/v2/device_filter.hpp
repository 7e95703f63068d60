// cgroup v2 device rules: linux.resources.devices as a BPF_PROG_TYPE_CGROUP_DEVICE program
// (planned as instructions by a pure function), and its loading and attaching via bpf(2).
#pragma once

#include <linux/bpf.h>

#include <string>
#include <vector>

#include "base/unique_fd.hpp"
#include "oci/spec.hpp"

namespace berth::cgroups::v2 {

using DeviceProgram = std::vector<bpf_insn>;

// The name the kernel shows for our programs (bpftool prog); an update detaches only
// programs of this name.
inline constexpr const char* kDeviceProgramName = "berth_devices";

// The program for `rules`, as runc's devicefilter: the LAST rule matching an access decides
// (allow: return 1, deny: return 0); no matching rule denies. Type "a" (or empty) matches
// block and char devices; an absent or -1 major/minor matches any; empty access means "rwm".
// Throws Error for a rule that is not valid.
DeviceProgram plan_device_filter(const std::vector<oci::DeviceRule>& rules);

// BPF_PROG_LOAD of `program`. Throws Error (with the verifier's log) when the kernel refuses.
UniqueFd load_device_filter(const DeviceProgram& program);

// Loads `program` and attaches it to the cgroup directory `dir` (BPF_F_ALLOW_MULTI), then
// detaches the device programs named kDeviceProgramName attached to `dir` before, so an
// update never leaves the cgroup without a filter. Throws Error naming `dir` and the step.
void attach_device_filter(const std::string& dir, const DeviceProgram& program);

}  // namespace berth::cgroups::v2

// Finding the cgroup v1 hierarchies: which controller is mounted where.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace berth::cgroups::v1 {

// Controller ("memory", "cpuacct", "name=systemd") → mount point of its hierarchy. Controllers
// mounted together ("cpu,cpuacct") share one mount point.
using Roots = std::map<std::string, std::string>;

// The v1 hierarchies listed in a /proc/<pid>/mountinfo text (first mount of each controller).
Roots parse_mountinfo(std::string_view mountinfo);
// The hierarchies this process sees. Throws Error when none is mounted.
Roots find_roots();

}  // namespace berth::cgroups::v1

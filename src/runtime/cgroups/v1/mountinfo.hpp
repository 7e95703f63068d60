// Finding the cgroup v1 hierarchies: which controller is mounted where.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::cgroups::v1 {

// Controller ("memory", "cpuacct", "name=systemd") → mount point of its hierarchy. Controllers
// mounted together ("cpu,cpuacct") share one mount point.
using Roots = std::map<std::string, std::string>;

// One mount of a v1 hierarchy: where, and its controllers as the kernel lists them
// ("cpu,cpuacct", "name=systemd"), the order /proc/<pid>/cgroup uses too.
struct Hierarchy {
  std::string mount_point;
  std::string controllers;
  bool operator==(const Hierarchy&) const = default;
};

// Every mount of a v1 hierarchy in a /proc/<pid>/mountinfo text, in mount order.
std::vector<Hierarchy> parse_hierarchies(std::string_view mountinfo);
// Controller → mount point, from the first mount of each controller.
Roots roots_of(const std::vector<Hierarchy>& hierarchies);
// roots_of(parse_hierarchies(mountinfo)).
Roots parse_mountinfo(std::string_view mountinfo);
// The hierarchies this process sees. Throws Error when none is mounted.
std::vector<Hierarchy> find_hierarchies();
// roots_of(find_hierarchies()).
Roots find_roots();

}  // namespace berth::cgroups::v1

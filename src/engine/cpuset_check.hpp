// --cpuset-cpus checked as docker checks it at create: the list's form, then that every CPU it
// names is one this machine lets containers use.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace berth::engine {

// "0-3,5" → {0, 1, 2, 3, 5}; nullopt for anything else than comma-separated numbers and
// ascending ranges (docker's ParseUintList; an empty list is empty).
std::optional<std::set<unsigned>> parse_cpu_list(std::string_view list);

// Throws Error (exit 125) with docker's "Invalid value X for cpuset cpus" or "Requested CPUs are
// not available - requested X, available: Y" (docker 20.10's words). `available` is a list in the same form (the root
// cpuset's cpus).
void check_cpuset_cpus(const std::string& requested, const std::string& available);
// The CPUs containers may use here: the root cpuset cgroup's cpus (v1: cpuset/cpuset.cpus, v2:
// cpuset.cpus.effective), or the online CPUs where neither can be read.
std::string available_cpus();

}  // namespace berth::engine

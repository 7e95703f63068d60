// Reading and writing cgroup knob files, and executing a Plan of writes.
//
// Controllers turn oci::Resources into a Plan (plain data, checked by unit tests); the managers
// execute it against a directory. Every failure names the file and the value.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace berth::cgroups {

struct Write {
  std::string file;   // knob name inside the cgroup directory
  std::string value;  // written as is, in one write(2)
  // Knobs the kernel may lack (hugetlb rsvd): silently skipped when the file does not exist.
  bool skip_if_missing = false;
  // cpu.cfs_period_us may be refused before the matching quota is in place; the plan then
  // writes it again after the quota.
  bool ignore_einval = false;

  bool operator==(const Write&) const = default;
};
using Plan = std::vector<Write>;

// Writes `value` to `path`. Throws Error "cgroup: <label>write <value> to <path>: ERRNO (...)".
void write_knob(const std::string& path, const std::string& value, const std::string& label = {});
// Contents of `path` without surrounding whitespace.
std::string read_knob(const std::string& path);
// Executes `plan` in order inside `dir`.
void execute(const std::string& dir, const Plan& plan);

// Pids listed in `dir`/cgroup.procs and in every cgroup below it.
std::vector<pid_t> read_procs_recursive(const std::string& dir);
// Removes `dir` and the cgroups below it, leaf first. Gone already is fine; EBUSY (tasks still
// leaving) is retried for about a second.
void remove_cgroup_dir(const std::string& dir);
// Polls `reached` every few milliseconds; false when `timeout` passes first.
bool wait_until(const std::function<bool()>& reached, std::chrono::milliseconds timeout);

}  // namespace berth::cgroups

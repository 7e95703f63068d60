// cgroup v1 hierarchies from mountinfo: fs type "cgroup", controllers in the super options.
#include "runtime/cgroups/v1/mountinfo.hpp"

#include <set>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"

namespace berth::cgroups::v1 {
namespace {

// Super options also carry flags ("rw", "clone_children", "release_agent=..."): keep only
// controllers and named hierarchies.
bool is_controller(const std::string& opt) {
  static const std::set<std::string> kControllers = {
      "cpuset",  "cpu",        "cpuacct",  "blkio",   "memory", "devices", "freezer",
      "net_cls", "perf_event", "net_prio", "hugetlb", "pids",   "rdma",    "misc"};
  return opt.starts_with("name=") || kControllers.contains(opt);
}

// mountinfo escapes space, tab, newline and backslash as \ooo.
bool is_octal_escape(std::string_view s, size_t i) {
  if (s[i] != '\\' || i + 3 >= s.size()) return false;
  for (size_t k = i + 1; k <= i + 3; ++k) {
    if (s[k] < '0' || s[k] > '7') return false;
  }
  return true;
}

std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_octal_escape(s, i)) {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

void add_line(Roots& roots, const std::string& line) {
  auto fields = split(line, ' ');
  size_t sep = 0;
  while (sep < fields.size() && fields[sep] != "-") ++sep;
  // Fields: id parent dev root mountpoint options [optional...] - fstype source superoptions.
  if (sep < 5 || sep + 3 >= fields.size() || fields[sep + 1] != "cgroup") return;
  std::string mount_point = unescape(fields[4]);
  for (const auto& opt : split(fields[sep + 3], ',')) {
    if (is_controller(opt)) roots.emplace(opt, mount_point);  // emplace keeps the first mount
  }
}

}  // namespace

Roots parse_mountinfo(std::string_view mountinfo) {
  Roots roots;
  for (const auto& line : split(mountinfo, '\n')) add_line(roots, line);
  return roots;
}

Roots find_roots() {
  Roots roots = parse_mountinfo(read_file("/proc/self/mountinfo"));
  if (roots.empty()) throw Error("cgroup: no cgroup v1 hierarchy is mounted");
  return roots;
}

}  // namespace berth::cgroups::v1

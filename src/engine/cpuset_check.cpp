// --cpuset-cpus: docker's list syntax and the CPUs this machine lets containers use.
#include "engine/cpuset_check.hpp"

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"

namespace berth::engine {
namespace {

std::optional<unsigned> parse_cpu(std::string_view s) {
  if (s.empty() || s.size() > 6) return std::nullopt;
  unsigned n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  return n;
}

}  // namespace

std::optional<std::set<unsigned>> parse_cpu_list(std::string_view list) {
  std::set<unsigned> cpus;
  if (list.empty()) return cpus;
  while (true) {
    auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    auto dash = item.find('-');
    auto first = parse_cpu(item.substr(0, dash));
    auto last = dash == std::string_view::npos ? first : parse_cpu(item.substr(dash + 1));
    if (!first || !last || *first > *last) return std::nullopt;
    for (unsigned c = *first; c <= *last; ++c) cpus.insert(c);
    if (comma == std::string_view::npos) return cpus;
    list.remove_prefix(comma + 1);
  }
}

void check_cpuset_cpus(const std::string& requested, const std::string& available) {
  auto wanted = parse_cpu_list(requested);
  if (!wanted) throw Error(fmt::format("Invalid value {} for cpuset cpus", requested), ExitCode::kEngine);
  auto usable = parse_cpu_list(available);
  if (!usable || usable->empty()) return;  // cannot tell: the kernel decides when the cgroup is written
  for (unsigned cpu : *wanted) {
    if (!usable->contains(cpu))
      throw Error(fmt::format("Requested CPUs are not available - requested {}, available: {}", requested, available),
                  ExitCode::kEngine);
  }
}

std::string available_cpus() {
  for (const char* path : {"/sys/fs/cgroup/cpuset/cpuset.cpus", "/sys/fs/cgroup/cpuset.cpus.effective",
                           "/sys/devices/system/cpu/online"}) {
    if (!path_exists(path)) continue;
    std::string text(trim(read_file(path)));
    if (!text.empty()) return text;
  }
  return "";
}

}  // namespace berth::engine

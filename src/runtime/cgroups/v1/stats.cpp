// cgroup v1 usage for `events --stats`: cpuacct, memory and pids counters.
#include "runtime/cgroups/stats_reader.hpp"
#include "runtime/cgroups/v1/manager.hpp"

namespace berth::cgroups::v1 {
nlohmann::json Manager::stats() const {
  nlohmann::json s = nlohmann::json::object();
  if (auto d = dir("cpuacct"); !d.empty()) {
    nlohmann::json usage;
    put_counter(usage, "total", read_counter(d + "/cpuacct.usage"));
    if (!usage.is_null()) s["cpu"]["usage"] = usage;
  }
  if (auto d = dir("memory"); !d.empty()) {
    nlohmann::json usage;
    put_counter(usage, "usage", read_counter(d + "/memory.usage_in_bytes"));
    put_counter(usage, "max", read_counter(d + "/memory.max_usage_in_bytes"));
    put_counter(usage, "limit", read_counter(d + "/memory.limit_in_bytes"));
    put_counter(usage, "failcnt", read_counter(d + "/memory.failcnt"));
    if (!usage.is_null()) s["memory"]["usage"] = usage;
  }
  if (auto d = dir("pids"); !d.empty()) {
    nlohmann::json pids;
    put_counter(pids, "current", read_counter(d + "/pids.current"));
    put_counter(pids, "limit", read_counter(d + "/pids.max"));
    if (!pids.is_null()) s["pids"] = pids;
  }
  return s;
}

}  // namespace berth::cgroups::v1

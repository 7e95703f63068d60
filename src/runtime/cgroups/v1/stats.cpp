// cgroup v1 usage for `events --stats`: cpuacct, memory and pids counters.
#include "runtime/cgroups/stats_reader.hpp"
#include "runtime/cgroups/v1/manager.hpp"

namespace berth::cgroups::v1 {
namespace {

void put(nlohmann::json& j, const char* key, std::optional<uint64_t> v) {
  if (v) j[key] = *v;
}

}  // namespace

nlohmann::json Manager::stats() const {
  nlohmann::json s = nlohmann::json::object();
  if (auto d = dir("cpuacct"); !d.empty()) {
    nlohmann::json usage;
    put(usage, "total", read_counter(d + "/cpuacct.usage"));
    if (!usage.is_null()) s["cpu"]["usage"] = usage;
  }
  if (auto d = dir("memory"); !d.empty()) {
    nlohmann::json usage;
    put(usage, "usage", read_counter(d + "/memory.usage_in_bytes"));
    put(usage, "max", read_counter(d + "/memory.max_usage_in_bytes"));
    put(usage, "limit", read_counter(d + "/memory.limit_in_bytes"));
    put(usage, "failcnt", read_counter(d + "/memory.failcnt"));
    if (!usage.is_null()) s["memory"]["usage"] = usage;
  }
  if (auto d = dir("pids"); !d.empty()) {
    nlohmann::json pids;
    put(pids, "current", read_counter(d + "/pids.current"));
    put(pids, "limit", read_counter(d + "/pids.max"));
    if (!pids.is_null()) s["pids"] = pids;
  }
  return s;
}

}  // namespace berth::cgroups::v1

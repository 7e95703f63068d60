// cgroup v1 usage for `events --stats`: cpuacct, memory (with memory.stat as "raw"), blkio and
// pids counters, in runc's shape.
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
    if (auto raw = parse_flat_keyed(read_optional(d + "/memory.stat")); !raw.empty()) s["memory"]["raw"] = raw;
  }
  if (auto d = dir("blkio"); !d.empty()) {
    auto text = read_optional(d + "/blkio.io_service_bytes_recursive");
    s["blkio"]["ioServiceBytesRecursive"] = parse_blkio_service_bytes(text);
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

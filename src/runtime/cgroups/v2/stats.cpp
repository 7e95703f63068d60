// cgroup v2 usage for `events --stats`, in the same shape as v1's (io.stat as blkio).
#include "runtime/cgroups/stats_reader.hpp"
#include "runtime/cgroups/v2/manager.hpp"

namespace berth::cgroups::v2 {
nlohmann::json Manager::stats() const {
  nlohmann::json s = nlohmann::json::object();
  // cpu.stat counts microseconds; runc reports nanoseconds, as v1's cpuacct.usage does.
  if (auto usec = read_keyed_counter(dir() + "/cpu.stat", "usage_usec")) s["cpu"]["usage"]["total"] = *usec * 1000;
  nlohmann::json mem;
  put_counter(mem, "usage", read_counter(dir() + "/memory.current"));
  put_counter(mem, "max", read_counter(dir() + "/memory.peak"));
  put_counter(mem, "limit", read_counter(dir() + "/memory.max"));
  if (!mem.is_null()) s["memory"]["usage"] = mem;
  if (auto raw = parse_flat_keyed(read_optional(dir() + "/memory.stat")); !raw.empty()) s["memory"]["raw"] = raw;
  s["blkio"]["ioServiceBytesRecursive"] = parse_io_stat(read_optional(dir() + "/io.stat"));
  nlohmann::json pids;
  put_counter(pids, "current", read_counter(dir() + "/pids.current"));
  put_counter(pids, "limit", read_counter(dir() + "/pids.max"));
  if (!pids.is_null()) s["pids"] = pids;
  return s;
}

}  // namespace berth::cgroups::v2

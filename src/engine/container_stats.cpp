// docker stats' numbers: cgroup counters through the runtime, /proc for the host and the
// container's network namespace, and the docker CLI's arithmetic.
#include "engine/container_stats.hpp"

#include <unistd.h>

#include <algorithm>
#include <string>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "engine/runtime_client.hpp"

namespace berth::engine {
namespace {

// A counter, or 0 when absent or not a non-negative integer.
uint64_t counter(const nlohmann::json& v) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  if (v.is_number_integer() && v.get<int64_t>() >= 0) return static_cast<uint64_t>(v.get<int64_t>());
  return 0;
}

uint64_t number_at(const nlohmann::json& j, const nlohmann::json::json_pointer& at) {
  return j.contains(at) ? counter(j[at]) : 0;
}

// The file's text, or "" when it cannot be read (the process is gone between two reads).
std::string read_or_empty(const std::string& path) {
  try {
    return read_file(path);
  } catch (const Error&) {
    return "";
  }
}

}  // namespace

double cpu_percent(const StatsSample& previous, const StatsSample& current) {
  if (current.cpu_total <= previous.cpu_total || current.system_cpu <= previous.system_cpu) return 0.0;
  double cpu_delta = static_cast<double>(current.cpu_total - previous.cpu_total);
  double system_delta = static_cast<double>(current.system_cpu - previous.system_cpu);
  return cpu_delta / system_delta * current.online_cpus * 100.0;
}

double memory_percent(const StatsSample& s) {
  if (s.memory_limit == 0) return 0.0;
  return static_cast<double>(s.memory) / static_cast<double>(s.memory_limit) * 100.0;
}

uint64_t memory_usage(const nlohmann::json& memory) {
  uint64_t usage = number_at(memory, "/usage/usage"_json_pointer);
  if (!memory.contains("raw") || !memory["raw"].is_object()) return usage;
  const auto& raw = memory["raw"];
  // cgroup v1 names it total_inactive_file (the hierarchy's); v2 inactive_file.
  const char* key = raw.contains("total_inactive_file") ? "total_inactive_file" : "inactive_file";
  uint64_t inactive = raw.contains(key) ? counter(raw[key]) : 0;
  return inactive < usage ? usage - inactive : usage;
}

void apply_cgroup_stats(const nlohmann::json& data, uint64_t host_memory, StatsSample& s) {
  s.cpu_total = number_at(data, "/cpu/usage/total"_json_pointer);
  if (data.contains("memory")) {
    s.memory = memory_usage(data["memory"]);
    s.memory_limit = number_at(data, "/memory/usage/limit"_json_pointer);
  }
  // v1 reads an unlimited cgroup as 9223372036854771712, v2 "max": dockerd shows the host's memory.
  if (host_memory > 0 && (s.memory_limit == 0 || s.memory_limit > host_memory)) s.memory_limit = host_memory;
  s.pids = number_at(data, "/pids/current"_json_pointer);
  if (data.contains("/blkio/ioServiceBytesRecursive"_json_pointer)) {
    for (const auto& e : data["/blkio/ioServiceBytesRecursive"_json_pointer]) {
      std::string op = to_lower(e.value("op", std::string()));
      uint64_t value = e.contains("value") ? counter(e["value"]) : 0;
      if (op == "read") s.block_read += value;
      if (op == "write") s.block_write += value;
    }
  }
}

uint64_t parse_system_cpu(std::string_view proc_stat, long clock_ticks) {
  for (const auto& line : split(proc_stat, '\n')) {
    auto f = split_fields(line);
    if (f.empty() || f[0] != "cpu") continue;
    if (f.size() < 8 || clock_ticks <= 0) return 0;
    uint64_t ticks = 0;
    for (size_t i = 1; i < 8; ++i) ticks += parse_uint(f[i]).value_or(0);
    return ticks * (1000000000ULL / static_cast<uint64_t>(clock_ticks));
  }
  return 0;
}

void parse_net_dev(std::string_view net_dev, uint64_t& rx, uint64_t& tx) {
  rx = tx = 0;
  for (const auto& line : split(net_dev, '\n')) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;  // the two header lines
    std::string name(trim(std::string_view(line).substr(0, colon)));
    if (name == "lo") continue;  // docker counts the container's endpoints only
    auto f = split_fields(std::string_view(line).substr(colon + 1));
    if (f.size() < 9) continue;
    rx += parse_uint(f[0]).value_or(0);
    tx += parse_uint(f[8]).value_or(0);
  }
}

uint64_t parse_mem_total(std::string_view meminfo) {
  for (const auto& line : split(meminfo, '\n')) {
    auto f = split_fields(line);
    if (f.size() >= 2 && f[0] == "MemTotal:") return parse_uint(f[1]).value_or(0) * 1024;
  }
  return 0;
}

StatsSample sample_container(const ContainerStore& store, const ContainerRecord& r) {
  StatsSample s;
  s.system_cpu = parse_system_cpu(read_or_empty("/proc/stat"), ::sysconf(_SC_CLK_TCK));
  if (!is_running(r)) return s;
  long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  s.online_cpus = cpus > 0 ? static_cast<uint32_t>(cpus) : 1;
  try {
    auto data = runtime_client(store.paths(), r.host_config)->stats(r.id);
    apply_cgroup_stats(data, parse_mem_total(read_or_empty("/proc/meminfo")), s);
  } catch (const Error&) {
    return StatsSample{.system_cpu = s.system_cpu};  // it stopped meanwhile: zeros, as a stopped one
  }
  // With the host's network the container has no endpoint of its own: docker shows 0B / 0B.
  if (r.host_config.network_mode != "host")
    parse_net_dev(read_or_empty(fmt::format("/proc/{}/net/dev", r.state.pid)), s.net_rx, s.net_tx);
  return s;
}

}  // namespace berth::engine

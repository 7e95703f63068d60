// docker stats: one sample of a container's usage (cgroup counters through the runtime, the
// host's cpu time, the network namespace's interfaces) and docker's arithmetic over two samples.
#pragma once

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/container_record.hpp"
#include "engine/container_store.hpp"

namespace berth::engine {

struct StatsSample {
  uint64_t cpu_total = 0;   // the container's cpu time, ns
  uint64_t system_cpu = 0;  // the host's cpu time (/proc/stat), ns, as dockerd's SystemUsage
  uint32_t online_cpus = 0;
  uint64_t memory = 0;  // docker's usage: minus the inactive file cache
  uint64_t memory_limit = 0;
  uint64_t net_rx = 0, net_tx = 0;
  uint64_t block_read = 0, block_write = 0;
  uint64_t pids = 0;
};

// docker's CPU %: the container's cpu time over the host's, times the online cpus, between two
// samples; 0 when either delta is not positive.
double cpu_percent(const StatsSample& previous, const StatsSample& current);
double memory_percent(const StatsSample& s);

// docker CLI's calculateMemUsageUnixNoCache over runc's "memory" object: usage minus
// total_inactive_file (cgroup v1) or inactive_file (v2) when smaller than usage.
uint64_t memory_usage(const nlohmann::json& memory);
// Fills memory, limit (the cgroup's, but at most `host_memory`, as dockerd caps it), cpu_total,
// block I/O and pids from the runtime's `events --stats` data.
void apply_cgroup_stats(const nlohmann::json& data, uint64_t host_memory, StatsSample& s);

// The "cpu" line of /proc/stat in nanoseconds: its first 7 fields (user, nice, system, idle,
// iowait, irq, softirq), as dockerd sums them.
uint64_t parse_system_cpu(std::string_view proc_stat, long clock_ticks);
// Received and sent bytes over the interfaces of /proc/<pid>/net/dev, lo excluded.
void parse_net_dev(std::string_view net_dev, uint64_t& rx, uint64_t& tx);
// MemTotal of /proc/meminfo in bytes.
uint64_t parse_mem_total(std::string_view meminfo);

// A sample of `r` now; all zeros (but the host's cpu time) when it is not running, as
// dockerd 20.10 shows stopped containers.
StatsSample sample_container(const ContainerStore& store, const ContainerRecord& r);

}  // namespace berth::engine

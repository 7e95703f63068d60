// Value conversions shared by the controllers: OCI numbers to what each cgroup version accepts.
#pragma once

#include <cstdint>
#include <string>

namespace berth::cgroups {

// pids.max: runc treats a limit <= 0 as "no limit".
std::string pids_max(int64_t limit);
// cgroup v2 number knobs (memory.max, memory.low): 0 means unset (""), -1 means "max".
std::string v2_limit(int64_t value);
// cpu.shares (2..262144) to cpu.weight (1..10000), runc's linear formula; 0 stays 0 (unset).
uint64_t shares_to_weight(uint64_t shares);
// blkio.weight (10..1000) to io.weight (1..10000), runc's formula; 0 stays 0 (unset).
uint64_t blkio_to_io_weight(uint64_t weight);
// v1's memsw limit (memory + swap) to v2's memory.swap.max (swap alone), runc's conversion.
// Returns -1 for "max" and 0 for unset. Throws Error for impossible combinations.
int64_t v2_swap(int64_t memory_swap, int64_t memory);
// Hugepage sizes become part of a file name ("hugetlb.2MB.max"): only digits then a unit.
void check_page_size(const std::string& page_size);

}  // namespace berth::cgroups

// Conversions between OCI resource values and cgroup knob values (runc's formulas, so a
// container gets the same limits under Berth as under runc).
#include "runtime/cgroups/convert.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "base/error.hpp"

namespace berth::cgroups {

std::string pids_max(int64_t limit) { return limit > 0 ? std::to_string(limit) : "max"; }

std::string v2_limit(int64_t value) {
  if (value == 0) return "";
  if (value == -1) return "max";
  return std::to_string(value);
}

uint64_t shares_to_weight(uint64_t shares) {
  if (shares == 0) return 0;
  // Clamped to the kernel's cpu.shares range so the formula cannot underflow or exceed 10000.
  shares = std::clamp<uint64_t>(shares, 2, 262144);
  return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t blkio_to_io_weight(uint64_t weight) {
  if (weight == 0) return 0;
  weight = std::clamp<uint64_t>(weight, 10, 1000);
  return 1 + (weight - 10) * 9999 / 990;
}

int64_t v2_swap(int64_t memory_swap, int64_t memory) {
  // As on v1: unlimited memory with swap unset means unlimited swap too.
  if (memory == -1 && memory_swap == 0) return -1;
  if (memory_swap == -1 || memory_swap == 0) return memory_swap;
  if (memory == 0 || memory == -1)
    throw Error("cgroup: unable to set a swap limit without a memory limit");
  if (memory < 0) throw Error(fmt::format("cgroup: invalid memory limit {}", memory));
  if (memory_swap < memory) {
    throw Error(fmt::format("cgroup: memory+swap limit {} is below the memory limit {}",
                            memory_swap, memory));
  }
  return memory_swap - memory;
}

void check_page_size(const std::string& page_size) {
  size_t digits = page_size.find_first_not_of("0123456789");
  bool ok = digits > 0 && digits != std::string::npos &&
            page_size.find_first_not_of("KMGTPB", digits) == std::string::npos &&
            page_size.back() == 'B';
  if (!ok) throw Error(fmt::format("cgroup: invalid hugepage size \"{}\"", page_size));
}

}  // namespace berth::cgroups

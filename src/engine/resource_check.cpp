#include "engine/resource_check.hpp"

#include <sched.h>
#include <unistd.h>

#include <fmt/core.h>

#include "base/error.hpp"
#include "engine/container_record.hpp"

namespace berth::engine {
namespace {

constexpr long long kMinimumMemory = 6 * 1024 * 1024;

}  // namespace

void check_resource_limits(const HostConfig& h, unsigned cpus) {
  if (h.memory != 0 && h.memory < kMinimumMemory)
    throw Error("Minimum memory limit allowed is 6MB", ExitCode::kEngine);
  if (h.nano_cpus < 0 || h.nano_cpus > static_cast<long long>(cpus) * 1'000'000'000LL)
    throw Error(fmt::format("Range of CPUs is from 0.01 to {}.00, as there are only {} CPUs available", cpus, cpus),
                ExitCode::kEngine);
}

unsigned cpus_online() {
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0) return static_cast<unsigned>(CPU_COUNT(&set));
  long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<unsigned>(n) : 1;
}

}  // namespace berth::engine

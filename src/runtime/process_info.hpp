// Facts about a host process read from /proc: is it alive, is it the same process we started.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace berth::runtime {

// The process's start time in clock ticks since boot (/proc/PID/stat field 22), or nullopt
// when there is no such process. Together with the pid it names one process for good: a pid
// reused by a later process has a different start time.
std::optional<uint64_t> process_start_time(pid_t pid);

// One-letter state from /proc/PID/stat ('R', 'S', 'Z', ...), or 0 when gone.
char process_state(pid_t pid);

// True when `pid` runs and started at `start_time` (not a zombie, not a reused pid).
bool is_same_live_process(pid_t pid, uint64_t start_time);

}  // namespace berth::runtime

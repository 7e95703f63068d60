// Signalling and waiting for a container's processes by pidfd, so a reused pid is never hit.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace berth::runtime {

// Sends `signal` to `pid` if it is still the process that started at `start_time`.
// Returns false when that process is gone.
bool signal_process(pid_t pid, uint64_t start_time, int signal);

// Waits up to `timeout_ms` for `pid` (not necessarily our child) to exit. True when it has.
bool wait_process_gone(pid_t pid, uint64_t start_time, int timeout_ms);

}  // namespace berth::runtime

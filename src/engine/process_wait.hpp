// Waiting for processes that are not our children (a container's init seen from a new CLI).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>

namespace berth::engine {

// Waits until the process `pid` that started at `start_time` is gone (or a zombie), up to
// `timeout` (negative: forever). Returns true when it is gone. Uses a pidfd, so a reused pid
// is never mistaken for the process.
bool wait_process_gone(pid_t pid, uint64_t start_time, std::chrono::milliseconds timeout);

}  // namespace berth::engine

// Runs independent, mostly-waiting jobs (kill, wait for a monitor, unmount) side by side.
#pragma once

#include <cstddef>
#include <functional>

namespace berth {

// Calls job(0) … job(count - 1), at most `workers` at a time, and returns when all are done.
// A job must not throw: each one reports its own outcome (the caller collects them by index).
void for_each_parallel(size_t count, size_t workers, const std::function<void(size_t)>& job);

}  // namespace berth

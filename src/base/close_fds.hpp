// Closing the descriptors a process inherited but has no use for.
#pragma once

#include <initializer_list>

namespace berth {

// Closes every fd from 3 up except those in `keep` (negative entries are ignored). For a
// long-lived helper such as the monitor, which posix_spawn hands every descriptor its caller
// had open without CLOEXEC (a shell's redirections, a test harness's pipes): it would otherwise
// hold them, and whatever is at their other end, as long as its container lives.
void close_fds_except(std::initializer_list<int> keep);

}  // namespace berth

// --network none: docker gives the container its own network namespace with loopback up.
#pragma once

#include <sys/types.h>

namespace berth::engine {

// Brings `lo` up in the network namespace of `pid` (from a short-lived child that setns()es
// there, so this process stays in its own namespace).
void bring_up_loopback(pid_t pid);

}  // namespace berth::engine

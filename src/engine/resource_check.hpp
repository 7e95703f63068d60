// The resource limits dockerd refuses at create, with its messages (exit 125): a memory limit
// below 6 MB, which the container's own start could not live in, and --cpus beyond the CPUs
// this machine has. Limits the kernel refuses by itself (a quota too small) fail at start.
#pragma once

namespace berth::engine {

struct HostConfig;

// Throws Error (125) naming the limit; `cpus_online` is how many CPUs a container may use here.
void check_resource_limits(const HostConfig& h, unsigned cpus_online);

// The CPUs this process may run on (what docker calls NumCPU).
unsigned cpus_online();

}  // namespace berth::engine

// Starting a detached container: fork the monitor, wait for its "started" or its error.
#pragma once

#include <sys/types.h>

#include <string>

#include "base/unique_fd.hpp"
#include "engine/container_store.hpp"

namespace berth::engine {

// Spawns a monitor for `id` (setsid, stdio on /dev/null, from a read-only view of berth-monitor,
// or of this binary as `berth --root … container-monitor ID --sync-fd 3`) and waits until it reports.
// With `attach_fd` (one end of a connected socket), the monitor takes it as its first attach
// client (as fd 4, `--attach-fd 4`) before the container writes anything.
// Returns the container's init pid; throws the monitor's error with its exit code.
pid_t launch_monitor(const ContainerStore& store, const std::string& id, char** envp, int attach_fd = -1);

// A monitor spawned before its container exists (`run -d`), so that its exec and start-up
// overlap the creation of container `id` (~3 ms). It waits (monitor.hpp); unless start() lets it
// go, it exits having done nothing, and the destructor reaps it.
class PendingMonitor {
 public:
  PendingMonitor(const ContainerStore& store, const std::string& id, char** envp);
  ~PendingMonitor();
  PendingMonitor(const PendingMonitor&) = delete;
  PendingMonitor& operator=(const PendingMonitor&) = delete;

  // The container's record is saved: lets the monitor start it and waits for its report, as
  // launch_monitor.
  pid_t start();

 private:
  UniqueFd go_;      // write end of the pipe the monitor waits on (kWaitFd)
  UniqueFd report_;  // read end of its sync pipe
  pid_t pid_ = -1;
  bool started_ = false;
};

}  // namespace berth::engine

// The monitor: the parent of a container's init for as long as the container lives.
//
// Detached (`run -d`, `start`): the CLI spawns a read-only view of berth-monitor in a session of
// its own (`berth-monitor ROOT RUNROOT CGROUP_PARENT ID 3`; berth's hidden `container-monitor`
// command when that binary is missing), and waits on the pipe:
//
//   CLI                                   monitor
//    | spawn, setsid, sealed view      ->  |
//    |                                     | mount rootfs, write bundle, runtime create+start
//    | <- "0 <pid>\n"  (started)           |   or "<exit code> <message>\n" (setup failed)
//    | exits 0 / prints the error          | pumps stdout/stderr into the json-file log
//                                          | records exit code; restarts per policy; --rm
//                                          | unmounts the rootfs and exits with the container
//
// `run -d` spawns its monitor before the container exists (`… --wait-fd 5`, the read end of a
// second pipe): the monitor's exec and start-up then overlap the CLI's create. It goes on when
// the CLI writes "go\n" there, once the record is saved; at EOF without it (the create failed,
// or the CLI died) it exits, having touched nothing.
//
// `start -a` launches a detached monitor with one end of a socketpair (`berth-monitor … 3 4`) and
// attaches over the other end: the monitor serves it as an attach client from the first byte.
//
// Attached (`run` without -d): the CLI itself runs the same loop in-process, also copying the
// output to its own stdout/stderr and forwarding signals (docker's sig-proxy).
//
// Either way the monitor holds the container's start lock (ContainerStore::start_lock) from
// before it reads the record until the start or its failure is recorded; `rm` holds it too. A
// CLI killed after the fork thus leaves a start that completes before rm looks, never half one.
#pragma once

#include <string>

#include "engine/container_store.hpp"

namespace berth::engine {

struct MonitorOptions {
  std::string id;
  int sync_fd = -1;       // detached: where "started" or the setup error goes
  bool attached = false;  // copy output to our stdout/stderr, stdin to the container (with -i)
  int attach_fd = -1;     // detached: a socket already connected to an attach client (start -a)
};

// The fd a monitor spawned before its container exists waits on.
inline constexpr int kWaitFd = 5;
// Reads `fd` (then closes it) until the CLI's "go": true when it came, false at EOF without it,
// when the monitor should exit quietly.
bool wait_for_go(int fd);

// Runs the container until it is gone for good (exited without restart, or removed).
// Returns the container's last exit code. Setup errors of the first start are thrown
// (attached) or written to sync_fd (detached) and returned as their exit code.
int run_monitor(const ContainerStore& store, const MonitorOptions& options);

}  // namespace berth::engine

// berth-monitor: the monitor of one detached container, as a small binary of its own.
//   berth-monitor ROOT RUNROOT CGROUP_PARENT ID SYNC_FD [ATTACH_FD] [--wait-fd FD]
// Started by `berth run -d` / `start` (engine/monitor_launch.cpp), never by users. Apart from
// berth's CLI (no command line parser, no image code) so that a monitor per container stays small.
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "base/close_fds.hpp"
#include "base/error.hpp"
#include "base/strings.hpp"
#include "engine/container_store.hpp"
#include "engine/monitor.hpp"
#include "runtime/self_clone.hpp"

int main(int argc, char** argv, char** envp) {
  using namespace berth;
  int wait_fd = -1;
  if (argc >= 8 && std::string(argv[argc - 2]) == "--wait-fd") {
    wait_fd = static_cast<int>(parse_int(argv[argc - 1]).value_or(-1));
    argc -= 2;
  }
  if (argc != 6 && argc != 7) {
    std::fprintf(stderr,
                 "usage: berth-monitor ROOT RUNROOT CGROUP_PARENT ID SYNC_FD [ATTACH_FD] [--wait-fd FD] (started by berth)\n");
    return 125;
  }
  int sync_fd = static_cast<int>(parse_int(argv[5]).value_or(-1));
  int attach_fd = argc == 7 ? static_cast<int>(parse_int(argv[6]).value_or(-1)) : -1;
  close_fds_except({sync_fd, attach_fd, wait_fd});  // nothing of our caller's but what it meant for us
  // Started as /proc/self/fd/N (monitor_launch.cpp), the kernel named us "N": ps should say what we are.
  ::prctl(PR_SET_NAME, "berth-monitor");
  try {
    // The container's init is our clone until it execs: it must not reach this binary's file.
    runtime::ensure_sealed_self(argv, envp);
    for (int fd : {sync_fd, attach_fd})
      if (fd >= 0) ::fcntl(fd, F_SETFD, FD_CLOEXEC);  // never into the container
    // Spawned before its container was made: wait for it, or exit if it never is.
    if (wait_fd >= 0 && !engine::wait_for_go(wait_fd)) return 0;
    engine::ContainerStore store(engine::Paths{argv[1], argv[2], argv[3]});
    return engine::run_monitor(store, {argv[4], sync_fd, false, attach_fd});
  } catch (const Error& e) {
    std::string line = std::to_string(static_cast<int>(ExitCode::kEngine)) + " start monitor: " + e.what() + "\n";
    if (sync_fd >= 0) (void)!::write(sync_fd, line.data(), line.size());
    return 125;
  }
}

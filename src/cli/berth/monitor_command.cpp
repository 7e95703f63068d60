// berth container-monitor ID --sync-fd N [--attach-fd M] [--wait-fd W]: the detached monitor's entry point (not for users).
#include <fcntl.h>
#include <sys/prctl.h>

#include "base/close_fds.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/monitor.hpp"
#include "runtime/self_clone.hpp"

namespace berth::cli {

void add_monitor(CLI::App& app, Globals& g, Action& action) {
  auto id = std::make_shared<std::string>();
  auto sync_fd = std::make_shared<int>(-1);
  auto attach_fd = std::make_shared<int>(-1);
  auto wait_fd = std::make_shared<int>(-1);
  CLI::App* cmd = app.add_subcommand("container-monitor", "");  // empty description: hidden from help
  cmd->group("");
  cmd->add_option("id", *id)->required();
  cmd->add_option("--sync-fd", *sync_fd);
  cmd->add_option("--attach-fd", *attach_fd);
  cmd->add_option("--wait-fd", *wait_fd);
  cmd->callback([&g, &action, id, sync_fd, attach_fd, wait_fd] {
    action = [&g, id, sync_fd, attach_fd, wait_fd] {
      ::prctl(PR_SET_NAME, "berth");  // started as /proc/self/fd/N (monitor_launch.cpp): not "N"
      close_fds_except({*sync_fd, *attach_fd, *wait_fd});  // nothing of our caller's but what it meant for us
      runtime::ensure_sealed_self(g.argv, g.envp);
      for (int fd : {*sync_fd, *attach_fd})
        if (fd >= 0) ::fcntl(fd, F_SETFD, FD_CLOEXEC);  // never into the container
      // Spawned before its container was made: wait for it, or exit if it never is.
      if (*wait_fd >= 0 && !engine::wait_for_go(*wait_fd)) return 0;
      return engine::run_monitor(container_store(g), {*id, *sync_fd, false, *attach_fd});
    };
  });
}

}  // namespace berth::cli

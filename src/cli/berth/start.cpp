// berth start [-a] [-i] [--detach-keys KEYS] CONTAINER…: start stopped containers, detached, or
// with -a/-i attached through the monitor's socket (so that the detach keys can leave it running).
#include <sys/socket.h>

#include <memory>

#include "base/error.hpp"
#include "cli/berth/berth_config.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/attach_client.hpp"
#include "engine/container_stop.hpp"
#include "engine/monitor_launch.hpp"
#include "engine/record_update.hpp"

namespace berth::cli {
namespace {

struct StartArgs {
  bool attach = false;
  bool interactive = false;
  std::string detach_keys;
  std::vector<std::string> containers;
};

// A fresh start clears "stopped by the user", so the restart policy applies again.
void clear_manual_stop(const engine::ContainerStore& store, const std::string& id) {
  engine::update_record(store, id, [](engine::ContainerRecord& r) { r.state.manually_stopped = false; });
}

}  // namespace

// docker start -a: the monitor gets one end of a socketpair as its first attach client before
// the container starts, so not a byte of output is missed; we stream over the other end.
int start_attached(const engine::ContainerStore& store, const engine::ContainerRecord& r, bool interactive,
                   const std::string& keys, char** envp) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) throw Error::last_errno("socketpair");
  UniqueFd ours(pair[0]), monitors(pair[1]);
  clear_manual_stop(store, r.id);
  engine::launch_monitor(store, r.id, envp, monitors.get());
  monitors.reset();
  engine::AttachOptions o;
  o.forward_stdin = interactive && r.config.open_stdin;
  o.tty = r.config.tty;
  o.detach_keys = keys;
  o.proxy_signals = !r.config.tty;  // docker start -a forwards signals unless there is a tty
  auto outcome = engine::attach_streams(std::move(ours), o);
  if (outcome.detached) return 0;  // docker start and run: detaching is a success, said nothing about
  return outcome.exit_code ? *outcome.exit_code : engine::wait_container(store, r.id);
}

void add_start(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<StartArgs>();
  CLI::App* cmd = app.add_subcommand("start", "Start one or more stopped containers");
  cmd->add_flag("-a,--attach", a->attach, "Attach STDOUT/STDERR and forward signals");
  cmd->add_option("--detach-keys", a->detach_keys, "Override the key sequence for detaching a container");
  cmd->add_flag("-i,--interactive", a->interactive, "Attach container's STDIN");
  cmd->add_option("containers", a->containers)->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      if (a->attach || a->interactive) {
        if (a->containers.size() != 1) throw Error("you cannot start and attach multiple containers at once");
        std::string keys = detach_keys(g, a->detach_keys);
        auto r = store.resolve(a->containers[0]);
        if (engine::is_running(r)) return 0;
        return start_attached(store, r, a->interactive, keys, g.envp);
      }
      if (!a->detach_keys.empty()) detach_keys(g, a->detach_keys);  // a bad value is refused all the same
      std::string failed;  // docker lists them: "Error: failed to start containers: a, b"
      for (const auto& ref : a->containers) {
        try {
          auto r = store.resolve(ref);
          if (!engine::is_running(r)) {
            clear_manual_stop(store, r.id);
            engine::launch_monitor(store, r.id, g.envp);
          }
          print_line(ref);
        } catch (const Error& e) {
          std::fprintf(stderr, "Error response from daemon: %s\n", e.what());
          failed += (failed.empty() ? "" : ", ") + ref;
        }
      }
      if (failed.empty()) return 0;
      std::fprintf(stderr, "Error: failed to start containers: %s\n", failed.c_str());
      return 1;
    };
  });
}

}  // namespace berth::cli

// berth start [-a] [-i] CONTAINER…: start stopped containers (detached, or attached with -a).
#include <memory>

#include "base/error.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/monitor_launch.hpp"
#include "engine/record_update.hpp"
#include "runtime/self_clone.hpp"

namespace berth::cli {
namespace {

struct StartArgs {
  bool attach = false;
  bool interactive = false;
  std::vector<std::string> containers;
};

// A fresh start clears "stopped by the user", so the restart policy applies again.
void clear_manual_stop(const engine::ContainerStore& store, const std::string& id) {
  engine::update_record(store, id, [](engine::ContainerRecord& r) { r.state.manually_stopped = false; });
}

}  // namespace

void add_start(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<StartArgs>();
  CLI::App* cmd = app.add_subcommand("start", "Start one or more stopped containers");
  cmd->add_flag("-a,--attach", a->attach, "Attach STDOUT/STDERR and forward signals");
  cmd->add_flag("-i,--interactive", a->interactive, "Attach container's STDIN");
  cmd->add_option("containers", a->containers)->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      if (a->attach || a->interactive) {
        if (a->containers.size() != 1) throw Error("you cannot start and attach multiple containers at once");
        runtime::ensure_sealed_self(g.argv, g.envp);
        auto r = store.resolve(a->containers[0]);
        if (engine::is_running(r)) return 0;
        clear_manual_stop(store, r.id);
        return run_attached(store, r);
      }
      int status = 0;
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
          status = 1;
        }
      }
      if (status != 0) std::fprintf(stderr, "Error: failed to start containers: %s\n", "see above");
      return status;
    };
  });
}

}  // namespace berth::cli

// berth run: create a container and start it, detached (-d) or attached to this terminal.
#include <unistd.h>

#include <memory>
#include <optional>

#include "base/error.hpp"
#include "cli/berth/berth_config.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/run_flags.hpp"
#include "engine/container_create.hpp"
#include "engine/monitor.hpp"
#include "engine/monitor_launch.hpp"
#include "runtime/self_clone.hpp"
#include "runtime/terminal_mode.hpp"

namespace berth::cli {

int run_attached(const engine::ContainerStore& store, const engine::ContainerRecord& record) {
  std::unique_ptr<runtime::RawTerminal> raw;
  if (record.config.tty && record.config.open_stdin) raw = std::make_unique<runtime::RawTerminal>();
  return engine::run_monitor(store, {record.id, -1, true});
}

void add_run(CLI::App& app, Globals& g, Action& action) {
  auto flags = std::make_shared<RunFlags>();
  auto keys_flag = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("run", "Create and run a new container from an image");
  add_run_flags(cmd, *flags);
  cmd->add_option("--detach-keys", *keys_flag, "Override the key sequence for detaching a container");
  cmd->callback([&g, &action, flags, keys_flag, cmd] {
    action = [&g, flags, keys_flag, cmd] {
      const RunFlags& f = *flags;
      const std::string keys = detach_keys(g, *keys_flag);  // checked before anything is created
      // -it: a detached monitor runs it and we attach through its socket, as `start -ai` does,
      // so that the detach keys can leave it running. Other attached runs make this process the
      // monitor (the init's parent, one exec fewer; detach keys apply only with -it, as docker's).
      const bool through_monitor = !f.detach && f.tty && f.interactive;
      if (through_monitor && !::isatty(0)) throw Error("the input device is not a TTY");
      // As the init's parent this process must run from a sealed copy (CVE-2019-5736), made
      // before anything is created, as the copy re-runs this command line.
      if (!f.detach && !through_monitor) runtime::ensure_sealed_self(g.argv, g.envp);
      auto store = container_store(g);
      engine::CreateRequest request = to_create_request(f, cmd->remaining(), engine_defaults(g));
      // -d: the monitor starts up while the container is created (it waits for the go).
      std::optional<engine::PendingMonitor> monitor;
      if (f.detach) {
        request.id = engine::new_container_id();
        monitor.emplace(store, request.id, g.envp);
      }
      engine::ContainerRecord record = engine::create_container(store, std::move(request));
      if (through_monitor) return start_attached(store, record, true, keys, g.envp);
      if (!f.detach) return run_attached(store, record);
      monitor->start();
      print_line(record.id);
      return 0;
    };
  });
}

void add_create(CLI::App& app, Globals& g, Action& action) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* cmd = app.add_subcommand("create", "Create a new container");
  add_run_flags(cmd, *flags);
  cmd->callback([&g, &action, flags, cmd] {
    action = [&g, flags, cmd] {
      auto store = container_store(g);
      auto record = engine::create_container(store, to_create_request(*flags, cmd->remaining(), engine_defaults(g)));
      print_line(record.id);
      return 0;
    };
  });
}

}  // namespace berth::cli

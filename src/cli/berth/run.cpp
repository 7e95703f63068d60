// berth run: create a container and start it, detached (-d) or attached to this terminal.
#include <unistd.h>

#include <memory>

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
      // Checked before anything is created. Attached, this process is the container's monitor
      // (the init's parent): it cannot leave, so the keys only reach the container (docs/engine.md).
      if (!keys_flag->empty()) detach_keys(g, *keys_flag);
      if (!f.detach && f.tty && f.interactive && !::isatty(0)) throw Error("the input device is not a TTY");
      // Attached, this process becomes the init's parent: run it from a sealed copy
      // (CVE-2019-5736) before anything is created, as the copy re-runs this command line.
      if (!f.detach) runtime::ensure_sealed_self(g.argv, g.envp);
      auto store = container_store(g);
      engine::ContainerRecord record =
          engine::create_container(store, to_create_request(f, cmd->remaining(), engine_defaults(g)));
      if (!f.detach) return run_attached(store, record);
      engine::launch_monitor(store, record.id, g.envp);
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

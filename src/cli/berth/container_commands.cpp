// Registers the container commands.
#include "cli/berth/container_commands.hpp"

namespace berth::cli {

void add_container_commands(CLI::App& app, Globals& g, Action& action) {
  add_run(app, g, action);
  add_create(app, g, action);
  add_start(app, g, action);
  add_stop_restart_kill(app, g, action);
  add_rm(app, g, action);
  add_ps(app, g, action);
  add_logs(app, g, action);
  add_wait(app, g, action);
  add_inspect(app, g, action);
  add_exec(app, g, action);
  add_attach(app, g, action);
  add_volume(app, g, action);
  add_rename_top_prune(app, g, action);
  add_ipcs(app, g, action);
  add_monitor(app, g, action);
}

}  // namespace berth::cli

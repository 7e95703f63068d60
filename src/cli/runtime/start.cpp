// berth-runtime start: run the user process of a created container.
#include "cli/runtime/command.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {

void add_start(CLI::App& app, Globals& g, Action& action) {
  auto id = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("start", "start the user process of a created container");
  cmd->add_option("id", *id, "container id")->required();
  cmd->callback([&g, &action, id] {
    action = [&g, id] {
      auto store = g.store();
      runtime::start_container(store, *id);
      return 0;
    };
  });
}

}  // namespace berth::cli

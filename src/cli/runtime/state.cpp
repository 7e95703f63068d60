// berth-runtime state: the OCI state of a container as JSON.
#include "cli/runtime/command.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {

void add_state(CLI::App& app, Globals& g, Action& action) {
  auto id = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("state", "output the state of a container");
  cmd->add_option("id", *id, "container id")->required();
  cmd->callback([&g, &action, id] {
    action = [&g, id] {
      auto store = g.store();
      print_line(oci::to_json(runtime::container_state(store, *id)).dump(2));
      return 0;
    };
  });
}

}  // namespace berth::cli

// berth-runtime delete: remove a container and everything it held.
#include "cli/runtime/command.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {

void add_delete(CLI::App& app, Globals& g, Action& action) {
  struct Args {
    std::string id;
    bool force = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("delete", "delete a container and the resources it holds");
  cmd->add_flag("-f,--force", a->force, "kill the container first if it is running");
  cmd->add_option("id", a->id, "container id")->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = g.store();
      runtime::delete_container(store, a->id, a->force);
      return 0;
    };
  });
}

}  // namespace berth::cli

// berth wait CONTAINER…: prints each container's exit code once it stops.
#include <memory>

#include "base/error.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/container_stop.hpp"

namespace berth::cli {

void add_wait(CLI::App& app, Globals& g, Action& action) {
  auto containers = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("wait", "Block until one or more containers stop, then print their exit codes");
  cmd->add_option("containers", *containers)->required();
  cmd->callback([&g, &action, containers] {
    action = [&g, containers] {
      auto store = container_store(g);
      int status = 0;
      for (const auto& ref : *containers) {
        try {
          print_line(std::to_string(engine::wait_container(store, store.resolve(ref).id)));
        } catch (const Error& e) {
          std::fprintf(stderr, "Error response from daemon: %s\n", e.what());
          status = 1;
        }
      }
      return status;
    };
  });
}

}  // namespace berth::cli

// berth diff / container diff CONTAINER: docker's list of the changes in the container's layer.
#include <fmt/core.h>

#include <memory>

#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/container_diff.hpp"

namespace berth::cli {

CLI::App* add_diff_command(CLI::App& parent, const std::string& name, Globals& g, Action& action) {
  auto container = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand(
      name, "Inspect changes to files or directories on a container's filesystem");
  cmd->add_option("container", *container, "CONTAINER")->required();
  cmd->callback([&g, &action, container] {
    action = [&g, container] {
      auto store = container_store(g);
      engine::ContainerRecord r = store.resolve(*container);
      for (const auto& c : engine::container_changes(store.paths(), r))
        print_line(fmt::format("{} {}", image::change_letter(c.kind), c.path));
      return 0;
    };
  });
  return cmd;
}

void add_diff(CLI::App& app, Globals& g, Action& action) {
  add_diff_command(app, "diff", g, action);
}

}  // namespace berth::cli

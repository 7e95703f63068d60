// berth-runtime pause and resume: freeze and thaw every process of a container.
#include "cli/runtime/command.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {

void add_pause_resume(CLI::App& app, Globals& g, Action& action) {
  auto id = std::make_shared<std::string>();
  auto* pause = app.add_subcommand("pause", "suspend every process of a container");
  pause->add_option("id", *id, "container id")->required();
  pause->callback([&g, &action, id] {
    action = [&g, id] {
      auto store = g.store();
      runtime::pause_container(store, *id);
      return 0;
    };
  });
  auto* resume = app.add_subcommand("resume", "resume every process of a paused container");
  resume->add_option("id", *id, "container id")->required();
  resume->callback([&g, &action, id] {
    action = [&g, id] {
      auto store = g.store();
      runtime::resume_container(store, *id);
      return 0;
    };
  });
}

}  // namespace berth::cli

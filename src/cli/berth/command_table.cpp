// Which function registers which top-level command, so that a start registers only the command
// argv names: building CLI11's tree of every command and flag was ~3 ms of each `berth` start
// (half of `berth --version`), more than the rest of a `berth ps`.
#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "base/argv_scan.hpp"
#include "cli/berth/command.hpp"
#include "cli/berth/container_commands.hpp"

namespace berth::cli {
namespace {

using Register = void (*)(CLI::App&, Globals&, Action&);

struct CommandGroup {
  std::initializer_list<std::string_view> names;  // the top-level words it registers
  Register add;
};

const CommandGroup kCommandGroups[] = {
  {{"build"}, add_build},
  {{"images", "import", "load", "save", "tag", "rmi", "history", "image"}, add_image_commands},
  {{"run"}, add_run},
  {{"create"}, add_create},
  {{"start"}, add_start},
  {{"stop", "restart", "kill", "pause", "unpause"}, add_stop_kill_pause},
  {{"rm"}, add_rm},
  {{"ps"}, add_ps},
  {{"logs"}, add_logs},
  {{"wait"}, add_wait},
  {{"inspect"}, add_inspect},
  {{"exec"}, add_exec},
  {{"attach"}, add_attach},
  {{"volume"}, add_volume},
  {{"rename", "top", "container"}, add_rename_top_prune},
  {{"ipcs"}, add_ipcs},
  {{"cp"}, add_cp},
  {{"diff"}, add_diff},
  {{"export"}, add_export},
  {{"commit"}, add_commit},
  {{"version"}, add_version},
  {{"info", "system"}, add_info},
  {{"stats"}, add_stats},
  {{"port"}, add_port},
  {{"container-monitor"}, add_monitor},
};

}  // namespace

std::string_view berth_command_word(int argc, char** argv) {
  // The global flags main.cpp registers that take a value: their value is not a command.
  return command_word(argc, argv, {"--root", "--runroot", "--cgroup-parent", "--default-ipc-mode",
                                   "--default-runtime", "--config"});
}

std::string_view add_commands(CLI::App& app, Globals& g, Action& action, int argc, char** argv) {
  std::string_view word = berth_command_word(argc, argv);
  for (const CommandGroup& group : kCommandGroups) {
    if (std::ranges::find(group.names, word) != group.names.end()) {
      group.add(app, g, action);
      return {};
    }
  }
  // No command, or an unknown one: all of them, for the help text and CLI11's errors.
  for (const CommandGroup& group : kCommandGroups) group.add(app, g, action);
  return word;
}

}  // namespace berth::cli

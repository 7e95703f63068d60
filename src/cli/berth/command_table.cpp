// Which function registers which top-level command, so that a start registers only the command
// argv names: building CLI11's tree of every command and flag was ~3 ms of each `berth` start
// (half of `berth --version`), more than the rest of a `berth ps`.
#include <algorithm>
#include <initializer_list>
#include <string_view>

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
  {{"images", "import", "load", "save", "tag", "rmi", "image"}, add_image_commands},
  {{"run"}, add_run},
  {{"create"}, add_create},
  {{"start"}, add_start},
  {{"stop", "restart", "kill"}, add_stop_restart_kill},
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
  {{"container-monitor"}, add_monitor},
};

// The global flags that take a value (main.cpp registers them): their value is not a command.
bool takes_value(std::string_view flag) {
  for (std::string_view f : {"--root", "--runroot", "--cgroup-parent", "--default-ipc-mode",
                             "--default-runtime", "--config"}) {
    if (flag == f) return true;
  }
  return false;
}

// The first word of argv that is not a global flag or its value; empty when there is none, or
// when a flag we do not know comes first (CLI11 then reports it, with every command known).
std::string_view command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.empty() || arg[0] != '-') return arg;
    std::string_view flag = arg.substr(0, arg.find('='));
    if (flag.size() == arg.size() && takes_value(flag)) {
      ++i;
    } else if (!takes_value(flag)) {
      return {};
    }
  }
  return {};
}

}  // namespace

std::string_view add_commands(CLI::App& app, Globals& g, Action& action, int argc, char** argv) {
  std::string_view word = command_word(argc, argv);
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

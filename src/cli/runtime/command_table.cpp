// Which function registers which berth-runtime command, so that a start registers only the
// command argv names (as berth's own CLI does): CLI11's tree of every command and flag is built
// at each start otherwise, and containerd or podman start the runtime several times a container.
#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "base/argv_scan.hpp"
#include "cli/runtime/command.hpp"

namespace berth::cli {
namespace {

using Register = void (*)(CLI::App&, Globals&, Action&);

struct CommandGroup {
  std::initializer_list<std::string_view> names;  // the words it registers, aliases included
  Register add;
};

const CommandGroup kCommandGroups[] = {
  {{"create"}, add_create},   {{"start"}, add_start},           {{"run"}, add_run},
  {{"state"}, add_state},     {{"kill"}, add_kill},             {{"delete"}, add_delete},
  {{"exec"}, add_exec},       {{"ps"}, add_ps},                 {{"list", "ls"}, add_list},
  {{"pause", "resume"}, add_pause_resume},                      {{"spec"}, add_spec},
  {{"features"}, add_features}, {{"update"}, add_update},       {{"events"}, add_events},
};

}  // namespace

std::string_view runtime_command_word(int argc, char** argv) {
  // The global flags main.cpp registers: their values are not commands.
  return command_word(argc, argv, {"--root", "--log", "--log-format", "--rootless", "--criu"},
                      {"--debug", "--systemd-cgroup"});
}

void add_commands(CLI::App& app, Globals& g, Action& action, std::string_view word) {
  for (const CommandGroup& group : kCommandGroups) {
    if (std::ranges::find(group.names, word) != group.names.end()) return group.add(app, g, action);
  }
  // No command, or an unknown one: all of them, for the help text and CLI11's errors.
  for (const CommandGroup& group : kCommandGroups) group.add(app, g, action);
}

}  // namespace berth::cli

// What every berth command shares: the global flags and the registration functions.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace berth::cli {

struct Globals {
  std::string root = "/var/lib/berth";  // images, containers, volumes
  std::string runroot = "/run/berth";   // live state: runtime state, rootfs mounts, ipc pins
  std::string cgroup_parent = "/berth";  // containers' cgroups go under it (dockerd's --cgroup-parent)
  std::string default_ipc_mode;         // empty: the config file's, else "shareable"
  std::string default_runtime;          // empty: the config file's, else "berth" (in-process)
  std::string config_file;              // empty: /etc/berth/berth.conf or $XDG_CONFIG_HOME/berth/berth.conf
  char** argv = nullptr;                // for commands that re-execute from a sealed copy
  char** envp = nullptr;
};

// The command's action: run after parsing; returns the process exit code.
using Action = std::function<int()>;

// Registers the command argv names (with the others of its group), or every command when argv
// names none or an unknown one, which it returns (empty otherwise); `action` is set when a
// command is chosen (command_table.cpp).
std::string_view add_commands(CLI::App& app, Globals& g, Action& action, int argc, char** argv);
// The command argv names, found past the global flags before parsing (base/argv_scan.hpp).
std::string_view berth_command_word(int argc, char** argv);

// Each adds one command (or a command group) to `app`.
// Images, and the `image` group.
void add_image_commands(CLI::App& app, Globals& g, Action& action);
void add_build(CLI::App& app, Globals& g, Action& action);
// The engine and its default runtime's versions.
void add_version(CLI::App& app, Globals& g, Action& action);
// `info` and `system info`: docker's system-wide information.
void add_info(CLI::App& app, Globals& g, Action& action);

// Writes `text` and a newline to stdout.
void print_line(const std::string& text);

}  // namespace berth::cli

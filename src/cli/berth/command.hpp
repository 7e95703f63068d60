// What every berth command shares: the global flags and the registration functions.
#pragma once

#include <functional>
#include <string>

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

// Each adds one command (or a command group) to `app`; `action` is set when it is chosen.
// Images.
void add_image_commands(CLI::App& app, Globals& g, Action& action);
// build (registered by add_image_commands).
void add_build(CLI::App& app, Globals& g, Action& action);
// Containers.
void add_container_commands(CLI::App& app, Globals& g, Action& action);

// Writes `text` and a newline to stdout.
void print_line(const std::string& text);

}  // namespace berth::cli

// What every berth-runtime command shares: the global flags and the registration functions.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "runtime/container_state.hpp"

namespace berth::cli {

struct Globals {
  std::string root = "/run/berth-runtime";
  std::string log_path;
  std::string log_format = "text";
  bool debug = false;
  bool systemd_cgroup = false;
  std::string rootless = "auto";
  std::string criu;

  runtime::StateStore store() const { return runtime::StateStore(root); }
};

// The command's action: run after parsing; returns the process exit code.
using Action = std::function<int()>;

// Each adds one subcommand; `action` is set when that subcommand is chosen.
void add_create(CLI::App& app, Globals& g, Action& action);
void add_start(CLI::App& app, Globals& g, Action& action);
void add_run(CLI::App& app, Globals& g, Action& action);
void add_state(CLI::App& app, Globals& g, Action& action);
void add_kill(CLI::App& app, Globals& g, Action& action);
void add_delete(CLI::App& app, Globals& g, Action& action);
void add_exec(CLI::App& app, Globals& g, Action& action);
void add_ps(CLI::App& app, Globals& g, Action& action);
void add_list(CLI::App& app, Globals& g, Action& action);
void add_pause_resume(CLI::App& app, Globals& g, Action& action);
void add_spec(CLI::App& app, Globals& g, Action& action);
void add_features(CLI::App& app, Globals& g, Action& action);
void add_update(CLI::App& app, Globals& g, Action& action);
void add_events(CLI::App& app, Globals& g, Action& action);

// The command argv names, found before parsing (empty when a flag main.cpp does not register
// comes first); and the registration of that command alone, or of every one when the word names
// none (command_table.cpp).
std::string_view runtime_command_word(int argc, char** argv);
void add_commands(CLI::App& app, Globals& g, Action& action, std::string_view word);

// Writes `text` and a newline to stdout.
void print_line(const std::string& text);

}  // namespace berth::cli

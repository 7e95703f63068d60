// The container commands, one registration function per file.
#pragma once

#include "cli/berth/command.hpp"
#include "engine/container_store.hpp"

namespace berth::cli {

void add_run(CLI::App& app, Globals& g, Action& action);
void add_create(CLI::App& app, Globals& g, Action& action);
void add_start(CLI::App& app, Globals& g, Action& action);
void add_stop_restart_kill(CLI::App& app, Globals& g, Action& action);
void add_rm(CLI::App& app, Globals& g, Action& action);
void add_ps(CLI::App& app, Globals& g, Action& action);
void add_logs(CLI::App& app, Globals& g, Action& action);
void add_wait(CLI::App& app, Globals& g, Action& action);
void add_inspect(CLI::App& app, Globals& g, Action& action);
void add_ipcs(CLI::App& app, Globals& g, Action& action);
void add_exec(CLI::App& app, Globals& g, Action& action);
void add_attach(CLI::App& app, Globals& g, Action& action);
void add_volume(CLI::App& app, Globals& g, Action& action);
void add_rename_top_prune(CLI::App& app, Globals& g, Action& action);
void add_monitor(CLI::App& app, Globals& g, Action& action);

// Runs the container attached to this terminal until it exits; returns its exit code.
int run_attached(const engine::ContainerStore& store, const engine::ContainerRecord& record);

}  // namespace berth::cli

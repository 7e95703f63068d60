// The container commands, one registration function per file.
#pragma once

#include "cli/berth/command.hpp"
#include "engine/container_exec.hpp"
#include "engine/container_store.hpp"

namespace berth::cli {

void add_run(CLI::App& app, Globals& g, Action& action);
void add_create(CLI::App& app, Globals& g, Action& action);
void add_start(CLI::App& app, Globals& g, Action& action);
void add_stop_kill_pause(CLI::App& app, Globals& g, Action& action);
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
void add_cp(CLI::App& app, Globals& g, Action& action);  // `container cp` too, by add_cp_command
CLI::App* add_cp_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
void add_diff(CLI::App& app, Globals& g, Action& action);    // `container diff` too, by add_diff_command
void add_export(CLI::App& app, Globals& g, Action& action);  // `container export` too, by add_export_command
CLI::App* add_diff_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
CLI::App* add_export_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
void add_commit(CLI::App& app, Globals& g, Action& action);  // `container commit` too, by add_commit_command
CLI::App* add_commit_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
void add_port(CLI::App& app, Globals& g, Action& action);  // `container port` too, by add_port_command
CLI::App* add_port_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
void add_stats(CLI::App& app, Globals& g, Action& action);  // `container stats` too, by add_stats_command
CLI::App* add_stats_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);

// Runs the container attached to this terminal until it exits, this process being its monitor;
// returns its exit code.
int run_attached(const engine::ContainerStore& store, const engine::ContainerRecord& record);

// Starts the container under a detached monitor and attaches to it through the monitor's socket
// (docker start -a [-i]; run -it): returns its exit code, or 0 when the detach keys were typed.
int start_attached(const engine::ContainerStore& store, const engine::ContainerRecord& record, bool interactive,
                   const std::string& detach_keys, char** envp);

// exec -it at a terminal through a keeper process (engine/exec_keeper.hpp): returns the exec'd
// process's exit code, or 1 (docker's "read escape sequence") when the detach keys were typed.
int exec_with_keeper(const engine::ContainerStore& store, const engine::ContainerRecord& record,
                                    const engine::ExecRequest& request, const std::string& detach_keys);

}  // namespace berth::cli

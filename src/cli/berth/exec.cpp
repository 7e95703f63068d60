// berth exec [-d] [-i] [-t] [--privileged] [-u USER] [-e K=V] [--env-file F] [-w DIR] CONTAINER COMMAND [ARG…]
#include <unistd.h>

#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "cli/berth/argument_errors.hpp"
#include "cli/berth/berth_config.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/unknown_flag.hpp"
#include "engine/container_exec.hpp"
#include "engine/env_file.hpp"
#include "runtime/self_clone.hpp"

namespace berth::cli {
namespace {

struct ExecArgs {
  bool detach = false, interactive = false, tty = false, privileged = false;
  std::string user, workdir, detach_keys;
  std::vector<std::string> env, env_files;
};

}  // namespace

void add_exec(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<ExecArgs>();
  CLI::App* cmd = app.add_subcommand("exec", "Execute a command in a running container");
  cmd->add_flag("-d,--detach", a->detach, "Detached mode: run command in the background");
  cmd->add_option("--detach-keys", a->detach_keys, "Override the key sequence for detaching a container");
  cmd->add_flag("-i,--interactive", a->interactive, "Keep STDIN open even if not attached");
  cmd->add_flag("-t,--tty", a->tty, "Allocate a pseudo-TTY");
  cmd->add_option("-u,--user", a->user, "Username or UID (format: <name|uid>[:<group|gid>])");
  cmd->add_option("-e,--env", a->env, "Set environment variables")->allow_extra_args(false);
  cmd->add_option("--env-file", a->env_files, "Read in a file of environment variables")->allow_extra_args(false);
  cmd->add_flag("--privileged", a->privileged, "Give extended privileges to the command");
  cmd->add_option("-w,--workdir", a->workdir, "Working directory inside the container");
  cmd->prefix_command();
  cmd->parse_complete_callback([cmd] {
    refuse_unknown_leading_flag(*cmd);
    require_arguments(*cmd, 2);  // the container and the command
  });
  cmd->callback([&g, &action, a, cmd] {
    action = [&g, a, cmd] {
      std::vector<std::string> rest = cmd->remaining();
      engine::ExecRequest request;
      // The files first, as docker reads them: a bad one fails before anything else (exit 1).
      for (const auto& file : a->env_files)
        for (const auto& kv : engine::read_env_file(file)) engine::add_env_flag_value(request.env, kv);
      for (const auto& kv : a->env) engine::add_env_flag_value(request.env, kv);
      const std::string keys = detach_keys(g, a->detach_keys);  // a bad value fails before anything starts
      runtime::ensure_sealed_self(g.argv, g.envp);
      auto store = container_store(g);
      auto r = store.resolve(rest[0]);
      std::string status = engine::live_status(r);
      if (status == "paused")
        throw Error(fmt::format("Container {} is paused, unpause the container before exec", r.id));
      if (status != "running") throw Error(fmt::format("Container {} is not running", r.id), ExitCode::kGeneric);
      request.args.assign(rest.begin() + 1, rest.end());
      request.detach = a->detach;
      request.tty = a->tty;
      request.user = a->user;
      request.workdir = a->workdir;
      request.privileged = a->privileged;
      // -it at a terminal: under a keeper, so that the detach keys can leave the process running.
      if (a->tty && a->interactive && !a->detach && ::isatty(0)) return exec_with_keeper(store, r, request, keys);
      return engine::exec_in_container(store, r, request);
    };
  });
}

}  // namespace berth::cli

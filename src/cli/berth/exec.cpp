// berth exec [-d] [-i] [-t] [-u USER] [-e K=V] [-w DIR] CONTAINER COMMAND [ARG…]
#include <unistd.h>

#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "cli/berth/berth_config.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/container_start.hpp"
#include "engine/user_lookup.hpp"
#include "runtime/foreground.hpp"
#include "runtime/init/console.hpp"
#include "runtime/ops.hpp"
#include "runtime/self_clone.hpp"

namespace berth::cli {
namespace {

struct ExecArgs {
  bool detach = false, interactive = false, tty = false, privileged = false;
  std::string user, workdir, detach_keys;
  std::vector<std::string> env;
};

// docker exec: the container's process is the template; the flags override it.
oci::Process exec_process(const engine::ContainerStore& store, const engine::ContainerRecord& r, const ExecArgs& a,
                          std::vector<std::string> args) {
  runtime::StateStore rt(engine::runtime_root(store.paths()));
  oci::Process p = runtime::saved_spec(rt, r.id).process.value_or(oci::Process{});
  p.args = std::move(args);
  p.terminal = a.tty;
  for (const auto& kv : a.env) p.env.push_back(kv);
  if (!a.workdir.empty()) p.cwd = a.workdir;
  if (!a.user.empty()) {
    auto u = engine::resolve_user(store.paths().rootfs(r.id), a.user);
    p.user.uid = u.uid;
    p.user.gid = u.gid;
    p.user.additional_gids.assign(u.additional_gids.begin(), u.additional_gids.end());
  }
  return p;
}

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
  cmd->add_option("-w,--workdir", a->workdir, "Working directory inside the container");
  cmd->prefix_command();
  cmd->callback([&g, &action, a, cmd] {
    action = [&g, a, cmd] {
      std::vector<std::string> rest = cmd->remaining();
      if (rest.size() < 2) throw Error("\"exec\" requires at least 2 arguments.", ExitCode::kEngine);
      // Checked, but this process is the exec'd process's parent and holds its terminal: it
      // cannot leave, so the keys only reach the process (docs/engine.md).
      if (!a->detach_keys.empty()) detach_keys(g, a->detach_keys);
      runtime::ensure_sealed_self(g.argv, g.envp);
      auto store = container_store(g);
      auto r = store.resolve(rest[0]);
      if (engine::live_status(r) != "running")
        throw Error(fmt::format("Container {} is not running", r.id), ExitCode::kGeneric);
      runtime::ExecOptions o;
      o.id = r.id;
      o.process = exec_process(store, r, *a, std::vector<std::string>(rest.begin() + 1, rest.end()));
      o.detach = a->detach;
      runtime::StateStore rt(engine::runtime_root(store.paths()));
      if (a->detach) {
        runtime::exec_in_container(rt, o);
        return 0;
      }
      runtime::block_forwarded_signals();
      UniqueFd pty_receiver;
      pid_t pid = runtime::exec_in_container(rt, o, &pty_receiver);
      UniqueFd pty = pty_receiver ? runtime::receive_fd(pty_receiver.get()) : UniqueFd();
      return runtime::supervise(pid, std::move(pty));
    };
  });
}

}  // namespace berth::cli

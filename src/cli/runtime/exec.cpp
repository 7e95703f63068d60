// berth-runtime exec: run a new process inside a running container.
#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "cli/runtime/command.hpp"
#include "oci/process_parse.hpp"
#include "runtime/foreground.hpp"
#include "runtime/init/console.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {
namespace {

struct ExecArgs {
  std::string id, process_file, cwd, user, pid_file, console_socket;
  std::vector<std::string> env, caps, additional_gids, args;
  bool tty = false, detach = false, no_new_privs = false;
  int preserve_fds = 0;
};

void parse_user(const std::string& text, oci::User& user) {
  auto parts = split(text, ':');
  auto uid = parse_uint(parts[0]);
  if (!uid || parts.size() > 2) throw Error(fmt::format("--user: \"{}\" is not uid[:gid]", text));
  user.uid = static_cast<uint32_t>(*uid);
  if (parts.size() == 2) {
    auto gid = parse_uint(parts[1]);
    if (!gid) throw Error(fmt::format("--user: \"{}\" is not uid[:gid]", text));
    user.gid = static_cast<uint32_t>(*gid);
  }
}

// runc's rule: --process replaces the whole process; otherwise the container's process is the
// template and the flags override args, env (appended), cwd, user, terminal and capabilities.
oci::Process build_process(const ExecArgs& a, const oci::Spec& spec) {
  if (!a.process_file.empty()) return oci::parse_process_json(read_file(a.process_file), a.process_file);
  if (a.args.empty()) throw Error("exec: arguments are required when --process is not given");
  oci::Process p = spec.process.value_or(oci::Process{});
  p.args = a.args;
  p.terminal = a.tty;
  p.env.insert(p.env.end(), a.env.begin(), a.env.end());
  if (!a.cwd.empty()) p.cwd = a.cwd;
  if (!a.user.empty()) parse_user(a.user, p.user);
  for (const auto& g : a.additional_gids) {
    auto v = parse_uint(g);
    if (!v) throw Error(fmt::format("--additional-gids: \"{}\" is not a number", g));
    p.user.additional_gids.push_back(static_cast<uint32_t>(*v));
  }
  if (a.no_new_privs) p.no_new_privileges = true;
  if (!a.caps.empty()) {
    if (!p.capabilities) p.capabilities = oci::Capabilities{};
    for (auto* set : {&p.capabilities->bounding, &p.capabilities->effective, &p.capabilities->permitted,
                      &p.capabilities->inheritable, &p.capabilities->ambient})
      set->insert(set->end(), a.caps.begin(), a.caps.end());
  }
  return p;
}

int exec_process(const Globals& g, const ExecArgs& a) {
  auto store = g.store();
  runtime::ExecOptions o;
  o.id = a.id;
  o.process = build_process(a, runtime::saved_spec(store, a.id));
  o.detach = a.detach;
  o.pid_file = a.pid_file;
  o.console_socket = a.console_socket;
  o.preserve_fds = a.preserve_fds;
  return runtime::exec_and_supervise(store, o);
}

}  // namespace

void add_exec(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<ExecArgs>();
  auto* cmd = app.add_subcommand("exec", "execute a new process inside a container");
  cmd->add_option("-p,--process", a->process_file, "process.json describing the process");
  cmd->add_option("--cwd", a->cwd, "working directory in the container");
  cmd->add_option("-e,--env", a->env, "set an environment variable (KEY=VALUE)")->allow_extra_args(false);
  cmd->add_option("-u,--user", a->user, "uid[:gid]");
  cmd->add_option("-g,--additional-gids", a->additional_gids, "additional gids")->allow_extra_args(false);
  cmd->add_option("-c,--cap", a->caps, "add a capability")->allow_extra_args(false);
  cmd->add_flag("-t,--tty", a->tty, "allocate a pseudo-TTY");
  cmd->add_flag("-d,--detach", a->detach, "detach from the process");
  cmd->add_flag("--no-new-privs", a->no_new_privs, "set no_new_privs");
  cmd->add_option("--pid-file", a->pid_file, "file to write the process's pid to");
  cmd->add_option("--console-socket", a->console_socket, "AF_UNIX socket that receives the pty master");
  cmd->add_option("--preserve-fds", a->preserve_fds, "pass N extra fds (from 3)")->check(CLI::NonNegativeNumber);
  cmd->add_option("id", a->id, "container id")->required();
  // Everything after the id is the command, its own flags included ("sh -c ...").
  cmd->prefix_command(true);
  cmd->footer("usage: exec [OPTIONS] ID COMMAND [ARGS...]");
  cmd->callback([&g, &action, a, cmd] {
    a->args = cmd->remaining();
    if (!a->args.empty() && a->args[0] == "--") a->args.erase(a->args.begin());
    action = [&g, a] { return exec_process(g, *a); };
  });
}

}  // namespace berth::cli

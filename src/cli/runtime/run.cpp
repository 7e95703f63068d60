// berth-runtime run: create and start a container; in the foreground, wait for it and delete it.
#include "base/error.hpp"
#include "base/log.hpp"
#include "cli/runtime/command.hpp"
#include "runtime/foreground.hpp"
#include "runtime/init/console.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {
namespace {

struct RunArgs {
  runtime::CreateOptions create;
  bool detach = false;
  bool keep = false;
  bool no_subreaper = false;
};

int run_container(const Globals& g, const RunArgs& a) {
  auto store = g.store();
  if (a.detach) {
    runtime::start_created(store, runtime::create_container(store, a.create));
    return 0;
  }
  runtime::block_forwarded_signals();
  UniqueFd pty_receiver;
  const runtime::ContainerRecord created = runtime::create_container(store, a.create, &pty_receiver);
  UniqueFd pty = pty_receiver ? runtime::receive_fd(pty_receiver.get()) : UniqueFd();
  int code;
  try {
    runtime::start_created(store, created);
    code = runtime::supervise(created.pid, std::move(pty));
  } catch (...) {
    runtime::delete_container(store, a.create.id, true);
    throw;
  }
  if (!a.keep) runtime::delete_container(store, a.create.id, true);
  return code;
}

}  // namespace

void add_run(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "create and run a container");
  cmd->add_option("-b,--bundle", a->create.bundle, "path to the bundle directory")->capture_default_str();
  cmd->add_option("--pid-file", a->create.pid_file, "file to write the container init's pid to");
  cmd->add_option("--console-socket", a->create.console_socket, "AF_UNIX socket that receives the pty master");
  cmd->add_flag("-d,--detach", a->detach, "detach from the container's process");
  cmd->add_flag("--keep", a->keep, "do not delete the container after it exits");
  cmd->add_flag("--no-subreaper", a->no_subreaper, "accepted for runc compatibility");
  cmd->add_flag("--no-pivot", a->create.no_pivot, "use a move mount and chroot instead of pivot_root");
  cmd->add_flag("--no-new-keyring", a->create.no_new_keyring, "keep the caller's session keyring");
  cmd->add_option("--preserve-fds", a->create.preserve_fds, "pass N extra fds (from 3) to the container")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("id", a->create.id, "container id")->required();
  cmd->callback([&g, &action, a] { action = [&g, a] { return run_container(g, *a); }; });
}

}  // namespace berth::cli

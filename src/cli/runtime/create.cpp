// berth-runtime create: set up a container; its process waits for `start`.
#include "cli/runtime/command.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {

void add_create(CLI::App& app, Globals& g, Action& action) {
  auto o = std::make_shared<runtime::CreateOptions>();
  auto* cmd = app.add_subcommand("create", "create a container");
  cmd->add_option("-b,--bundle", o->bundle, "path to the bundle directory")->capture_default_str();
  cmd->add_option("--pid-file", o->pid_file, "file to write the container init's pid to");
  cmd->add_option("--console-socket", o->console_socket, "AF_UNIX socket that receives the pty master");
  cmd->add_flag("--no-pivot", o->no_pivot, "use a move mount and chroot instead of pivot_root");
  cmd->add_flag("--no-new-keyring", o->no_new_keyring, "keep the caller's session keyring");
  cmd->add_option("--preserve-fds", o->preserve_fds, "pass N extra fds (from 3) to the container")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("id", o->id, "container id")->required();
  cmd->callback([&g, &action, o] {
    action = [&g, o] {
      auto store = g.store();
      runtime::create_container(store, *o);
      return 0;
    };
  });
}

}  // namespace berth::cli

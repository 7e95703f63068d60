// berth attach [--no-stdin] CONTAINER: the running container's output (and, for a container
// run with -i, our input) until it exits; returns its exit code, like docker attach.
#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/attach_socket.hpp"
#include "engine/container_stop.hpp"

namespace berth::cli {
namespace {

struct AttachArgs {
  bool no_stdin = false;
  bool sig_proxy = true;
  std::string container;
};

}  // namespace

void add_attach(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<AttachArgs>();
  CLI::App* cmd = app.add_subcommand("attach", "Attach local standard input, output, and error streams to a running container");
  cmd->add_flag("--no-stdin", a->no_stdin, "Do not attach STDIN");
  cmd->add_flag("--sig-proxy,!--no-sig-proxy", a->sig_proxy, "Proxy all received signals to the process (accepted)");
  cmd->add_option("container", a->container)->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      auto r = store.resolve(a->container);
      if (engine::live_status(r) != "running")
        throw Error("You cannot attach to a stopped container, start it first");
      engine::attach_to(store.paths().attach_socket(r.id), !a->no_stdin && r.config.open_stdin);
      return engine::wait_container(store, r.id);
    };
  });
}

}  // namespace berth::cli

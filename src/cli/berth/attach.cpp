// berth attach [--no-stdin] [--sig-proxy=false] [--detach-keys KEYS] CONTAINER: the running
// container's output (and, for a container run with -i, our input) until it exits; returns its
// exit code, like docker attach. With a tty the detach keys leave it running.
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "base/error.hpp"
#include "cli/berth/berth_config.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/attach_client.hpp"
#include "engine/container_stop.hpp"

namespace berth::cli {
namespace {

struct AttachArgs {
  bool no_stdin = false;
  bool sig_proxy = true;
  std::string detach_keys;
  std::string container;
};

}  // namespace

void add_attach(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<AttachArgs>();
  CLI::App* cmd = app.add_subcommand("attach", "Attach local standard input, output, and error streams to a running container");
  cmd->add_option("--detach-keys", a->detach_keys, "Override the key sequence for detaching a container");
  cmd->add_flag("--no-stdin", a->no_stdin, "Do not attach STDIN");
  cmd->add_flag("--sig-proxy,!--no-sig-proxy", a->sig_proxy, "Proxy all received signals to the process");
  cmd->add_option("container", a->container)->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      std::string keys = detach_keys(g, a->detach_keys);
      auto store = container_store(g);
      auto r = store.resolve(a->container);
      if (engine::live_status(r) != "running")
        throw Error("You cannot attach to a stopped container, start it first");
      engine::AttachOptions o;
      o.forward_stdin = !a->no_stdin && r.config.open_stdin;
      o.tty = r.config.tty;
      if (o.forward_stdin && o.tty && !::isatty(0)) throw Error("the input device is not a TTY");
      o.detach_keys = keys;
      // As docker: with a tty, ^C and friends are keys for the container, not signals for us.
      o.proxy_signals = a->sig_proxy && !r.config.tty;
      auto outcome = engine::attach_streams(engine::connect_attach_socket(store.paths().attach_socket(r.id)), o);
      if (outcome.detached) {
        // docker attach reports the detach as its error: this line and status 1.
        std::fputs("read escape sequence\n", stderr);
        return 1;
      }
      return outcome.exit_code ? *outcome.exit_code : engine::wait_container(store, r.id);
    };
  });
}

}  // namespace berth::cli

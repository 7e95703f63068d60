// berth port CONTAINER [PRIVATE_PORT[/PROTO]]: the container's published ports. Berth's
// networks are `none` and `host`, where docker publishes nothing either, so the list is empty
// and a port asked for is docker's "No public port" error; the port is still checked as docker's
// CLI checks it (a 16-bit number, tcp when no protocol is given).
#include <charconv>
#include <memory>
#include <string>

#include <fmt/core.h>

#include "base/error.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"

namespace berth::cli {
namespace {

struct PortArgs {
  std::string container;
  std::string port;  // PRIVATE_PORT[/PROTO]; empty: list every published port
};

// Go's strconv.ParseUint(s, 10, 16) error text, as docker's "invalid port" wraps it.
void check_port_number(const std::string& port) {
  unsigned long value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec == std::errc::invalid_argument || end != port.data() + port.size())
    throw Error(fmt::format("invalid port ({}): strconv.ParseUint: parsing \"{}\": invalid syntax", port, port));
  if (ec == std::errc::result_out_of_range || value > 65535)
    throw Error(fmt::format("invalid port ({}): strconv.ParseUint: parsing \"{}\": value out of range", port, port));
}

}  // namespace

CLI::App* add_port_command(CLI::App& parent, const std::string& name, Globals& g, Action& action) {
  auto a = std::make_shared<PortArgs>();
  CLI::App* cmd = parent.add_subcommand(name, "List port mappings or a specific mapping for the container");
  cmd->add_option("container", a->container, "CONTAINER")->required();
  cmd->add_option("port", a->port, "PRIVATE_PORT[/PROTO]");
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      engine::ContainerRecord r = container_store(g).resolve(a->container);
      if (a->port.empty()) return 0;  // nothing is published on none or host networks
      check_port_number(a->port.substr(0, a->port.find('/')));
      throw Error(fmt::format("No public port '{}' published for {}", a->port, a->container));
    };
  });
  return cmd;
}

void add_port(CLI::App& app, Globals& g, Action& action) { add_port_command(app, "port", g, action); }

}  // namespace berth::cli

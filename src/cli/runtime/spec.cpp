// berth-runtime spec: write a default config.json into the bundle.
#include <unistd.h>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "cli/runtime/command.hpp"
#include "oci/state.hpp"

namespace berth::cli {

void add_spec(CLI::App& app, Globals&, Action& action) {
  struct Args {
    std::string bundle = ".";
    bool rootless = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("spec", "create a new specification file (config.json)");
  cmd->add_option("-b,--bundle", a->bundle, "bundle directory")->capture_default_str();
  cmd->add_flag("--rootless", a->rootless, "a config for a container run by an unprivileged user");
  cmd->callback([&action, a] {
    action = [a] {
      std::string path = a->bundle + "/config.json";
      if (path_exists(path)) throw Error(fmt::format("File {} exists. Remove it first", path));
      auto spec = oci::default_spec(a->rootless, ::getuid(), ::getgid());
      write_file_atomic(path, spec.dump(2) + "\n", 0644);
      return 0;
    };
  });
}

}  // namespace berth::cli

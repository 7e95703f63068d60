// berth rmi / image rm: untag, and delete images no tag names any more.
#include <fmt/core.h>

#include <cstdio>
#include <memory>

#include "base/error.hpp"
#include "cli/berth/image_commands.hpp"
#include "image/store.hpp"

namespace berth::cli {
namespace {

struct RmiOptions {
  bool force = false;
  bool no_prune = false;  // accepted for docker's command line; berth has no parent images
  std::vector<std::string> images;
};

int run(const Globals& g, const RmiOptions& o) {
  image::Store store(g.root);
  int status = 0;
  for (const auto& ref : o.images) {
    // TODO(engine): before removing, refuse with docker's conflict error when a container uses
    // the image: "conflict: unable to remove repository reference \"REF\" (must force) - container
    // ID is using its referenced image ID" (untag), or "conflict: unable to delete ID (cannot be
    // forced) - image is being used by running container ID". Container records are the engine's.
    try {
      for (const auto& line : store.remove(ref, o.force)) print_line(line);
    } catch (const Error& e) {
      // Like docker: report each failure, go on with the other images, exit 1.
      std::fflush(stdout);
      fmt::print(stderr, "Error: {}\n", e.what());
      status = 1;
    }
  }
  return status;
}

}  // namespace

CLI::App* add_rmi_command(CLI::App& parent, const std::string& name, Globals& g, Action& action) {
  auto o = std::make_shared<RmiOptions>();
  CLI::App* cmd = parent.add_subcommand(name, "Remove one or more images");
  cmd->add_flag("-f,--force", o->force, "Force removal of the image");
  cmd->add_flag("--no-prune", o->no_prune, "Do not delete untagged parents");
  cmd->add_option("images", o->images, "IMAGE...")->required();
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

}  // namespace berth::cli

// berth rmi / image rm: untag, and delete images no tag names any more.
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "base/error.hpp"
#include "cli/berth/image_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "image/reference.hpp"
#include "image/store.hpp"

namespace berth::cli {
namespace {

struct RmiOptions {
  bool force = false;
  bool no_prune = false;  // accepted for docker's command line; berth has no parent images
  std::vector<std::string> images;
};

// Docker's conflicts: an image a container was created from keeps its last name and its data.
// Untagging one of several names is fine. (Docker lets -f delete an image a stopped container
// uses; Berth refuses, since the container's overlay needs the layers.)
void check_not_in_use(const Globals& g, const image::Store& store, const std::string& ref, bool force) {
  auto img = store.find(ref);
  if (!img) return;  // the store's own error says "No such image"
  bool by_name = std::find(img->repo_tags.begin(), img->repo_tags.end(), image::normalize_reference(ref)) !=
                 img->repo_tags.end();
  if (by_name && img->repo_tags.size() > 1) return;
  for (const auto& c : container_store(g).list()) {
    if (c.image_id != img->id) continue;
    std::string cid = c.id.substr(0, 12), iid = img->id.substr(0, 12);
    if (engine::is_running(c))
      throw Error(fmt::format("conflict: unable to delete {} (cannot be forced) - image is being used by running "
                              "container {}", iid, cid));
    if (!force && by_name)
      throw Error(fmt::format("conflict: unable to remove repository reference \"{}\" (must force) - container {} "
                              "is using its referenced image {}", ref, cid, iid));
    throw Error(fmt::format("conflict: unable to delete {} (must be forced) - image is being used by stopped "
                            "container {}", iid, cid));
  }
}

int run(const Globals& g, const RmiOptions& o) {
  image::Store store(g.root);
  int status = 0;
  for (const auto& ref : o.images) {
    try {
      check_not_in_use(g, store, ref, o.force);
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

// berth image prune [-a] [-f] [--filter]: remove dangling images (with -a: every image no container uses).
#include <fmt/core.h>

#include <map>
#include <memory>
#include <set>

#include "base/error.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/image_commands.hpp"
#include "cli/berth/argument_errors.hpp"
#include "cli/berth/prune_filter.hpp"
#include "cli/berth/prune_report.hpp"
#include "image/store.hpp"

namespace berth::cli {
namespace {

struct PruneOptions {
  bool all = false;
  bool force = false;
  std::vector<std::string> filters;
};

uint64_t stored_layer_bytes(const image::Store& store) {
  std::set<std::string> layers;
  for (const auto& img : store.list()) layers.insert(img.diff_ids.begin(), img.diff_ids.end());
  uint64_t total = 0;
  for (const auto& d : layers) total += store.layer_size(d);
  return total;
}

int run(const Globals& g, const PruneOptions& o) {
  PruneFilter filter(o.filters, {"until", "label", "label!", "dangling"});  // fails before the question
  bool all = o.all;
  // docker's -a spelled as a filter; any other dangling= value leaves the default, as dockerd does.
  for (const auto& f : o.filters)
    if (f == "dangling=false" || f == "dangling=0") all = true;
  if (!o.force &&
      !confirm_prune(all ? "all images without at least one container associated to them" : "all dangling images"))
    return 0;
  image::Store store(g.root);
  std::map<std::string, std::vector<std::string>> tags;
  for (const auto& img : store.list()) tags[img.id] = img.repo_tags;
  uint64_t before = stored_layer_bytes(store);
  // Every container's image, running or not, is kept (docker's rule for -a).
  std::vector<std::string> in_use;
  for (const auto& c : container_store(g).list()) in_use.push_back(c.image_id);
  // An image the filters exclude is kept as if a container used it.
  for (const auto& img : store.list())
    if (!filter.matches(img.created, img.defaults.labels)) in_use.push_back(img.id);
  auto removed = store.prune(all, in_use);
  uint64_t after = stored_layer_bytes(store);
  std::vector<std::string> lines;
  for (const auto& id : removed) {
    for (const auto& t : tags[id]) lines.push_back("untagged: " + t);
    lines.push_back("deleted: sha256:" + id);
  }
  print_prune_report("Deleted Images:", lines, before > after ? before - after : 0);
  return 0;
}

}  // namespace

CLI::App* add_image_prune_command(CLI::App& parent, const std::string& name, Globals& g,
                                  Action& action) {
  auto o = std::make_shared<PruneOptions>();
  CLI::App* cmd = parent.add_subcommand(name, "Remove unused images");
  cmd->add_flag("-a,--all", o->all, "Remove all unused images, not just dangling ones");
  cmd->add_flag("-f,--force", o->force, "Do not prompt for confirmation");
  add_filter_flag(*cmd, o->filters, "Provide filter values (e.g. 'until=<timestamp>', 'label=KEY[=VALUE]')", "--filter");
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

}  // namespace berth::cli

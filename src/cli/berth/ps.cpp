// berth ps [-a] [-q] [-n N] [-l] [--no-trunc] [--filter K=V]…: docker's container table.
#include <algorithm>
#include <map>
#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "base/tree_size.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/human_units.hpp"
#include "cli/berth/ps_format.hpp"
#include "image/store.hpp"

namespace berth::cli {
namespace {

struct PsArgs {
  bool all = false, quiet = false, no_trunc = false, latest = false;
  int last = -1;
  std::vector<std::string> filters;
  std::string format;
};

bool matches(const engine::ContainerStore& store, const engine::ContainerRecord& r, const std::string& filter) {
  auto eq = filter.find('=');
  if (eq == std::string::npos) throw Error(fmt::format("invalid filter '{}'", filter), ExitCode::kGeneric);
  std::string key = filter.substr(0, eq), value = filter.substr(eq + 1);
  if (key == "name") return r.name.find(value) != std::string::npos;
  if (key == "id") return r.id.starts_with(value);
  if (key == "status") return engine::live_status(r) == value;
  if (key == "ancestor") return r.config.image == value || r.image_id.starts_with(value) ||
                                r.config.image + ":latest" == value;
  if (key == "label") {
    auto leq = value.find('=');
    auto it = r.config.labels.find(value.substr(0, leq));
    return it != r.config.labels.end() && (leq == std::string::npos || it->second == value.substr(leq + 1));
  }
  if (key == "ipc") {
    auto target = store.find(value);
    return target && !target->ipc_group.empty() && r.ipc_group == target->ipc_group;
  }
  throw Error(fmt::format("invalid filter '{}'", key), ExitCode::kGeneric);
}

}  // namespace

void add_ps(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<PsArgs>();
  CLI::App* cmd = app.add_subcommand("ps", "List containers");
  cmd->add_flag("-a,--all", a->all, "Show all containers (default shows just running)");
  cmd->add_flag("-q,--quiet", a->quiet, "Only display container IDs");
  cmd->add_flag("--no-trunc", a->no_trunc, "Don't truncate output");
  cmd->add_flag("-l,--latest", a->latest, "Show the latest created container (includes all states)");
  cmd->add_option("-n,--last", a->last, "Show n last created containers (includes all states)");
  cmd->add_option("-f,--filter", a->filters, "Filter output based on conditions provided")->allow_extra_args(false);
  cmd->add_option("--format", a->format, "Format output using a Go template");
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      auto records = store.list();  // newest first
      int limit = a->latest ? 1 : a->last;
      bool all = a->all || limit >= 0;
      std::vector<engine::ContainerRecord> shown;
      for (const auto& r : records) {
        if (!all && !engine::is_running(r)) continue;
        bool ok = true;
        for (const auto& f : a->filters) ok = ok && matches(store, r, f);
        if (!ok) continue;
        shown.push_back(r);
        if (limit >= 0 && static_cast<int>(shown.size()) >= limit) break;
      }
      if (a->quiet) {
        for (const auto& r : shown) print_line(a->no_trunc ? r.id : r.id.substr(0, 12));
        return 0;
      }
      image::Store images(g.root);
      std::map<std::string, uint64_t> image_sizes;  // by id: several containers share an image
      SizeText size = [&](const engine::ContainerRecord& r) {
        uint64_t rw = tree_bytes(store.paths().upper(r.id));
        auto known = image_sizes.find(r.image_id);
        if (known == image_sizes.end()) {
          auto img = images.find(r.image_id);
          known = image_sizes.emplace(r.image_id, img ? img->size : 0).first;
        }
        if (known->second == 0) return human_size(rw);
        return fmt::format("{} (virtual {})", human_size(rw), human_size(rw + known->second));
      };
      return print_ps_format(shown, a->format.empty() ? kDefaultPsFormat : a->format, a->no_trunc, size);
    };
  });
}


}  // namespace berth::cli

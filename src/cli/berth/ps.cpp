// berth ps [-a] [-q] [-n N] [-l] [--no-trunc] [--filter K=V]…: docker's container table.
#include <algorithm>
#include <map>
#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "base/tree_size.hpp"
#include "cli/berth/argument_errors.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/human_units.hpp"
#include "cli/berth/ps_filter.hpp"
#include "cli/berth/ps_format.hpp"
#include "image/store.hpp"

namespace berth::cli {
namespace {

struct PsArgs {
  bool all = false, quiet = false, no_trunc = false, latest = false, size = false;
  int last = -1;
  std::vector<std::string> filters;
  std::string format;
};

}  // namespace

void add_ps(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<PsArgs>();
  CLI::App* cmd = app.add_subcommand("ps", "List containers");
  cmd->add_flag("-a,--all", a->all, "Show all containers (default shows just running)");
  cmd->add_flag("-q,--quiet", a->quiet, "Only display container IDs");
  cmd->add_flag("--no-trunc", a->no_trunc, "Don't truncate output");
  cmd->add_flag("-s,--size", a->size, "Display total file sizes");
  cmd->add_flag("-l,--latest", a->latest, "Show the latest created container (includes all states)");
  cmd->add_option("-n,--last", a->last, "Show n last created containers (includes all states)");
  add_filter_flag(*cmd, a->filters, "Filter output based on conditions provided");
  cmd->add_option("--format", a->format, "Format output using a Go template");
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      PsFilter filter(store, a->filters);
      auto records = store.list();  // newest first
      int limit = a->latest ? 1 : a->last;
      bool all = a->all || limit >= 0 || filter.shows_all_states();
      std::vector<engine::ContainerRecord> shown;
      for (const auto& r : records) {
        if (!all && !engine::is_running(r)) continue;
        if (!filter.matches(r)) continue;
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
      std::string format = a->format;
      if (format.empty()) format = a->size ? std::string(kDefaultPsFormat) + "\t{{.Size}}" : kDefaultPsFormat;
      return print_ps_format(shown, format, a->no_trunc, size);
    };
  });
}


}  // namespace berth::cli

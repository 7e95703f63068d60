// berth volume create|ls|inspect|rm|prune
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/tree_size.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/go_template.hpp"
#include "cli/berth/prune_report.hpp"
#include "cli/berth/table.hpp"
#include "engine/volumes.hpp"

namespace berth::cli {
namespace {

struct VolumeArgs {
  std::vector<std::string> names;
  std::string name;
  std::string format;
  bool quiet = false, force = false, all = false;
};

nlohmann::json volume_json(const engine::VolumeInfo& v) {
  // Docker prints the creation time to the second ("2026-11-27T22:52:03Z").
  std::string created = v.created;
  if (auto dot = created.find('.'); dot != std::string::npos && created.ends_with("Z"))
    created = created.substr(0, dot) + "Z";
  return {{"CreatedAt", created}, {"Driver", "local"},    {"Labels", nlohmann::json::object()},
          {"Mountpoint", v.mountpoint}, {"Name", v.name}, {"Options", nlohmann::json::object()},
          {"Scope", "local"}};
}

}  // namespace

void add_volume(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<VolumeArgs>();
  CLI::App* volume = app.add_subcommand("volume", "Manage volumes");
  volume->require_subcommand(1);

  CLI::App* create = volume->add_subcommand("create", "Create a volume");
  create->add_option("name", a->name);
  create->callback([&g, &action, a] {
    action = [&g, a] {
      print_line(engine::create_volume(container_store(g).paths(), a->name).name);
      return 0;
    };
  });

  CLI::App* ls = volume->add_subcommand("ls", "List volumes");
  ls->alias("list");
  ls->add_flag("-q,--quiet", a->quiet, "Only display volume names");
  ls->callback([&g, &action, a] {
    action = [&g, a] {
      auto volumes = engine::list_volumes(container_store(g).paths());
      if (a->quiet) {
        for (const auto& v : volumes) print_line(v.name);
        return 0;
      }
      Table table({"DRIVER", "VOLUME NAME"}, 10);
      for (const auto& v : volumes) table.add({"local", v.name});
      table.print();
      return 0;
    };
  });

  CLI::App* inspect = volume->add_subcommand("inspect", "Display detailed information on one or more volumes");
  inspect->add_option("-f,--format", a->format, "Format output using a Go template");
  inspect->add_option("names", a->names)->required();
  inspect->callback([&g, &action, a] {
    action = [&g, a] {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& n : a->names) out.push_back(volume_json(engine::inspect_volume(container_store(g).paths(), n)));
      if (!a->format.empty()) {
        for (const auto& v : out) print_line(render_template(a->format, v));
        return 0;
      }
      print_line(out.dump(4));
      return 0;
    };
  });

  CLI::App* rm = volume->add_subcommand("rm", "Remove one or more volumes");
  rm->alias("remove");
  rm->add_flag("-f,--force", a->force, "Force the removal of one or more volumes");
  rm->add_option("names", a->names)->required();
  rm->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      int status = 0;
      for (const auto& n : a->names) {
        try {
          engine::remove_volume(store, n, a->force);
          print_line(n);
        } catch (const Error& e) {
          std::fprintf(stderr, "Error response from daemon: %s\n", e.what());
          status = 1;
        }
      }
      return status;
    };
  });

  CLI::App* prune = volume->add_subcommand("prune", "Remove unused local volumes");
  prune->add_flag("-f,--force", a->force, "Do not prompt for confirmation");
  prune->add_flag("-a,--all", a->all, "Remove all unused volumes, not just anonymous ones");
  prune->callback([&g, &action, a] {
    action = [&g, a] {
      if (!a->force && !confirm_prune(a->all ? "all local volumes not used by at least one container"
                                             : "anonymous local volumes not used by at least one container"))
        return 0;
      auto store = container_store(g);
      std::vector<std::string> deleted;
      uint64_t reclaimed = 0;
      for (const auto& v : engine::list_volumes(store.paths())) {
        // docker prunes only anonymous volumes unless --all: ours are named by 64 hex digits.
        bool anonymous = v.name.size() == 64 && v.name.find_first_not_of("0123456789abcdef") == std::string::npos;
        if ((!anonymous && !a->all) || !engine::volume_users(store, v.name).empty()) continue;
        uint64_t bytes = tree_bytes(store.paths().volume_data(v.name));
        engine::remove_volume(store, v.name, false);
        deleted.push_back(v.name);
        reclaimed += bytes;
      }
      print_prune_report("Deleted Volumes:", deleted, reclaimed);
      return 0;
    };
  });
}

}  // namespace berth::cli

// berth rename OLD NEW; berth top CONTAINER [ps OPTIONS]; berth container prune [-f] (and the
// other `container` subcommands, registered by their own files).
#include <signal.h>

#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/tree_size.hpp"
#include "cli/berth/argument_errors.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/prune_filter.hpp"
#include "cli/berth/prune_report.hpp"
#include "cli/berth/table.hpp"
#include "engine/container_remove.hpp"
#include "engine/container_start.hpp"
#include "engine/container_top.hpp"
#include "engine/record_update.hpp"
#include "engine/runtime_client.hpp"

namespace berth::cli {

void add_rename_top_prune(CLI::App& app, Globals& g, Action& action) {
  auto names = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* rename = app.add_subcommand("rename", "Rename a container");
  rename->add_option("container", names->first)->required();
  rename->add_option("new_name", names->second)->required();
  rename->callback([&g, &action, names] {
    action = [&g, names] {
      auto store = container_store(g);
      FileLock lock = store.lock();
      // dockerd's order and words: the container first, then the new name; exit 1 for either.
      auto r = store.resolve(names->first);
      // "/name" is the same name, as docker keeps it.
      const std::string bare = names->second.starts_with('/') ? names->second.substr(1) : names->second;
      if (r.name == bare) throw Error(fmt::format("Renaming a container with the same name as its current name"));
      try {
        engine::validate_container_name("/" + bare);
      } catch (const Error& e) {
        throw Error(fmt::format("Error when allocating new name: {}", e.what()));
      }
      store.check_name_free(bare);
      store.rename(r, bare);
      return 0;
    };
  });

  auto top_args = std::make_shared<std::pair<std::string, std::vector<std::string>>>();
  CLI::App* top = app.add_subcommand("top", "Display the running processes of a container");
  top->add_option("container", top_args->first)->required();
  // docker top CONTAINER [ps OPTIONS]: everything after the container goes to ps(1).
  top->prefix_command();
  top->callback([&g, &action, top, top_args] {
    top_args->second = top->remaining();
    action = [&g, top_args] {
      auto store = container_store(g);
      auto r = store.resolve(top_args->first);
      if (!engine::is_running(r)) throw Error(fmt::format("Container {} is not running", r.id));
      auto pids = engine::runtime_client(store.paths(), r.host_config)->pids(r.id);
      engine::TopTable top_table = engine::container_top(pids, top_args->second);
      Table table(top_table.titles, 20);
      for (auto& row : top_table.processes) table.add(std::move(row));
      table.print();
      return 0;
    };
  });

  auto force = std::make_shared<bool>(false);
  CLI::App* container = app.add_subcommand("container", "Manage containers");
  container->require_subcommand(1);
  add_diff_command(*container, "diff", g, action);
  add_export_command(*container, "export", g, action);
  add_commit_command(*container, "commit", g, action);
  add_cp_command(*container, "cp", g, action);
  add_stats_command(*container, "stats", g, action);
  add_port_command(*container, "port", g, action);
  CLI::App* prune = container->add_subcommand("prune", "Remove all stopped containers");
  auto filters = std::make_shared<std::vector<std::string>>();
  prune->add_flag("-f,--force", *force, "Do not prompt for confirmation");
  add_filter_flag(*prune, *filters, "Provide filter values (e.g. 'until=<timestamp>', 'label=KEY[=VALUE]')", "--filter");
  prune->callback([&g, &action, force, filters] {
    action = [&g, force, filters] {
      PruneFilter filter(*filters, {"until", "label", "label!"});  // a bad filter fails before the question
      if (!*force && !confirm_prune("all stopped containers")) return 0;
      auto store = container_store(g);
      std::vector<std::string> deleted;
      uint64_t reclaimed = 0;
      for (const auto& r : store.list()) {
        if (engine::is_running(r) || !filter.matches(r.created, r.config.labels)) continue;
        uint64_t layer = tree_bytes(store.paths().upper(r.id));  // docker counts the writable layer
        engine::remove_container(store, r, {});
        deleted.push_back(r.id);
        reclaimed += layer;
      }
      print_prune_report("Deleted Containers:", deleted, reclaimed);
      return 0;
    };
  });
}

}  // namespace berth::cli

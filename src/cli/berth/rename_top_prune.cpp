// berth rename OLD NEW; berth top CONTAINER; berth container prune [-f].
#include <signal.h>

#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/tree_size.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/prune_report.hpp"
#include "cli/berth/table.hpp"
#include "engine/container_remove.hpp"
#include "engine/container_start.hpp"
#include "engine/record_update.hpp"
#include "engine/runtime_client.hpp"

namespace berth::cli {
namespace {

std::string proc_field(pid_t pid, const char* file) {
  std::FILE* f = std::fopen(fmt::format("/proc/{}/{}", pid, file).c_str(), "r");
  if (!f) return "";
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  return text;
}

// ps -ef's columns for one host process.
std::vector<std::string> top_row(pid_t pid) {
  std::string status = proc_field(pid, "status");
  auto field = [&](const std::string& name) {
    auto at = status.find(name + ":\t");
    if (at == std::string::npos) return std::string();
    auto end = status.find_first_of("\t\n", at + name.size() + 2);
    return status.substr(at + name.size() + 2, end - at - name.size() - 2);
  };
  std::string cmdline = proc_field(pid, "cmdline");
  for (char& c : cmdline)
    if (c == '\0') c = ' ';
  while (!cmdline.empty() && cmdline.back() == ' ') cmdline.pop_back();
  return {field("Uid"), std::to_string(pid), field("PPid"), cmdline};
}

}  // namespace

void add_rename_top_prune(CLI::App& app, Globals& g, Action& action) {
  auto names = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* rename = app.add_subcommand("rename", "Rename a container");
  rename->add_option("container", names->first)->required();
  rename->add_option("new_name", names->second)->required();
  rename->callback([&g, &action, names] {
    action = [&g, names] {
      auto store = container_store(g);
      engine::validate_container_name(names->second);
      FileLock lock = store.lock();
      auto r = store.resolve(names->first);
      if (r.name == names->second)
        throw Error(fmt::format("Renaming a container with the same name as its current name"));
      store.check_name_free(names->second);
      store.rename(r, names->second);
      return 0;
    };
  });

  auto top_ref = std::make_shared<std::string>();
  CLI::App* top = app.add_subcommand("top", "Display the running processes of a container");
  top->add_option("container", *top_ref)->required();
  top->callback([&g, &action, top_ref] {
    action = [&g, top_ref] {
      auto store = container_store(g);
      auto r = store.resolve(*top_ref);
      if (!engine::is_running(r)) throw Error(fmt::format("Container {} is not running", r.id));
      Table table({"UID", "PID", "PPID", "CMD"}, 20);
      for (pid_t pid : engine::runtime_client(store.paths(), r.host_config)->pids(r.id)) table.add(top_row(pid));
      table.print();
      return 0;
    };
  });

  auto force = std::make_shared<bool>(false);
  CLI::App* container = app.add_subcommand("container", "Manage containers");
  container->require_subcommand(1);
  CLI::App* prune = container->add_subcommand("prune", "Remove all stopped containers");
  prune->add_flag("-f,--force", *force, "Do not prompt for confirmation");
  prune->callback([&g, &action, force] {
    action = [&g, force] {
      if (!*force && !confirm_prune("all stopped containers")) return 0;
      auto store = container_store(g);
      std::vector<std::string> deleted;
      uint64_t reclaimed = 0;
      for (const auto& r : store.list()) {
        if (engine::is_running(r)) continue;
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

// berth rm [-f] [-v] CONTAINER…: removed in parallel as docker's CLI does, joiners before their
// IPC donors so any order works.
#include <algorithm>
#include <memory>
#include <optional>

#include "base/error.hpp"
#include "base/parallel.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/container_remove.hpp"

namespace berth::cli {
namespace {

// Each removal mostly waits (for the kill, the monitor, the unmount): these many at a time.
constexpr size_t kParallelRemovals = 16;

struct RmArgs {
  bool force = false;
  bool volumes = false;
  std::vector<std::string> containers;
};

}  // namespace

void add_rm(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<RmArgs>();
  CLI::App* cmd = app.add_subcommand("rm", "Remove one or more containers");
  cmd->add_flag("-f,--force", a->force, "Force the removal of a running container (uses SIGKILL)");
  cmd->add_flag("-v,--volumes", a->volumes, "Remove anonymous volumes associated with the container");
  cmd->add_option("containers", a->containers)->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      int status = 0;
      std::vector<engine::ContainerRecord> found;
      std::vector<std::string> typed;  // what the user called each one, for the output lines
      for (const auto& ref : a->containers) {
        if (auto r = store.find(ref)) {
          found.push_back(*r);
          typed.push_back(ref);
        } else {
          std::fprintf(stderr, "Error response from daemon: No such container: %s\n", ref.c_str());
          status = 1;
        }
      }
      engine::RemoveOptions options{a->force, a->volumes, {}};
      for (const auto& r : found) options.removing_ids.push_back(r.id);
      std::vector<std::string> removed;
      for (const auto& wave : engine::removal_waves(found)) {
        std::vector<std::optional<std::string>> errors(wave.size());
        for_each_parallel(wave.size(), kParallelRemovals, [&](size_t i) {
          try {
            engine::remove_container(store, wave[i], options);
          } catch (const Error& e) {
            errors[i] = e.what();
          }
        });
        for (size_t i = 0; i < wave.size(); ++i) {
          if (!errors[i]) {
            removed.push_back(wave[i].id);
            continue;
          }
          std::fprintf(stderr, "Error response from daemon: %s\n", errors[i]->c_str());
          status = 1;
        }
      }
      // Docker echoes each argument as typed, in the order typed.
      for (size_t i = 0; i < found.size(); ++i)
        if (std::find(removed.begin(), removed.end(), found[i].id) != removed.end()) print_line(typed[i]);
      return status;
    };
  });
}

}  // namespace berth::cli

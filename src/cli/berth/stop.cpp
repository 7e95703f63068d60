// berth stop | restart | kill | pause | unpause CONTAINER…
#include <csignal>
#include <memory>

#include "base/error.hpp"
#include "base/signals.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/container_pause.hpp"
#include "engine/container_stop.hpp"
#include "engine/monitor_launch.hpp"
#include "engine/record_update.hpp"

namespace berth::cli {
namespace {

struct StopArgs {
  int timeout = -1;
  std::string signal = "KILL";
  std::vector<std::string> containers;
};

// Docker's multi-container commands report each failure and go on; exit 1 if any failed.
template <typename Fn>
int for_each_container(const Globals& g, const std::vector<std::string>& refs, Fn fn) {
  auto store = container_store(g);
  int status = 0;
  for (const auto& ref : refs) {
    try {
      fn(store, store.resolve(ref));
      print_line(ref);
    } catch (const Error& e) {
      std::fprintf(stderr, "Error response from daemon: %s\n", e.what());
      status = 1;
    }
  }
  return status;
}

}  // namespace

void add_stop_kill_pause(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<StopArgs>();
  CLI::App* stop = app.add_subcommand("stop", "Stop one or more running containers");
  stop->add_option("-t,--time", a->timeout, "Seconds to wait before killing the container");
  stop->add_option("containers", a->containers)->required();
  stop->callback([&g, &action, a] {
    action = [&g, a] {
      return for_each_container(g, a->containers, [&](const auto& store, const engine::ContainerRecord& r) {
        engine::stop_container(store, r.id, a->timeout);
      });
    };
  });
  CLI::App* restart = app.add_subcommand("restart", "Restart one or more containers");
  restart->add_option("-t,--time", a->timeout, "Seconds to wait before killing the container");
  restart->add_option("containers", a->containers)->required();
  restart->callback([&g, &action, a] {
    action = [&g, a] {
      return for_each_container(g, a->containers, [&](const auto& store, const engine::ContainerRecord& r) {
        engine::stop_container(store, r.id, a->timeout);
        engine::update_record(store, r.id, [](engine::ContainerRecord& rec) { rec.state.manually_stopped = false; });
        engine::launch_monitor(store, r.id, g.envp);
      });
    };
  });
  CLI::App* kill = app.add_subcommand("kill", "Kill one or more running containers");
  kill->add_option("-s,--signal", a->signal, "Signal to send to the container");
  kill->add_option("containers", a->containers)->required();
  kill->callback([&g, &action, a] {
    action = [&g, a] {
      auto signal = parse_signal(a->signal);
      if (!signal) throw Error("Invalid signal: " + a->signal, ExitCode::kGeneric);
      return for_each_container(g, a->containers, [&](const auto& store, const engine::ContainerRecord& r) {
        engine::kill_container(store, r.id, *signal);
      });
    };
  });
  CLI::App* pause = app.add_subcommand("pause", "Pause all processes within one or more containers");
  pause->add_option("containers", a->containers)->required();
  pause->callback([&g, &action, a] {
    action = [&g, a] {
      return for_each_container(g, a->containers, [](const auto& store, const engine::ContainerRecord& r) {
        engine::pause_container(store, r.id);
      });
    };
  });
  CLI::App* unpause = app.add_subcommand("unpause", "Unpause all processes within one or more containers");
  unpause->add_option("containers", a->containers)->required();
  unpause->callback([&g, &action, a] {
    action = [&g, a] {
      return for_each_container(g, a->containers, [](const auto& store, const engine::ContainerRecord& r) {
        engine::unpause_container(store, r.id);
      });
    };
  });
}

}  // namespace berth::cli

// berth-runtime events: the container's cgroup usage as runc's JSON events, once or every interval.
#include <unistd.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "cli/runtime/command.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {

void add_events(CLI::App& app, Globals& g, Action& action) {
  struct Args {
    std::string id;
    bool stats = false;
    unsigned interval_s = 5;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("events", "display container usage statistics");
  cmd->add_flag("--stats", a->stats, "print the statistics once and exit");
  cmd->add_option("--interval", a->interval_s, "seconds between statistics (default 5)")->check(CLI::PositiveNumber);
  cmd->add_option("id", a->id, "container id")->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = g.store();
      for (;;) {
        nlohmann::json data;
        try {
          data = runtime::container_stats(store, a->id);
        } catch (const Error&) {
          if (a->stats) throw;
          return 0;  // streaming ends when the container does
        }
        print_line(nlohmann::json{{"type", "stats"}, {"id", a->id}, {"data", data}}.dump());
        if (a->stats) return 0;
        std::this_thread::sleep_for(std::chrono::seconds(a->interval_s));
      }
    };
  });
}

}  // namespace berth::cli

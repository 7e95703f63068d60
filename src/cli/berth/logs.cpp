// berth logs [-f] [--tail N] [-t] [--since T] [--until T] CONTAINER
#include <unistd.h>

#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/log_time.hpp"
#include "engine/json_log.hpp"

namespace berth::cli {
namespace {

struct LogsArgs {
  bool follow = false, timestamps = false;
  std::string tail = "all", since, until, container;
};

}  // namespace

void add_logs(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<LogsArgs>();
  CLI::App* cmd = app.add_subcommand("logs", "Fetch the logs of a container");
  cmd->add_flag("-f,--follow", a->follow, "Follow log output");
  cmd->add_flag("-t,--timestamps", a->timestamps, "Show timestamps");
  cmd->add_option("-n,--tail", a->tail, "Number of lines to show from the end of the logs");
  cmd->add_option("--since", a->since, "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m)");
  cmd->add_option("--until", a->until, "Show logs before a timestamp or relative (e.g. 42m)");
  cmd->add_option("container", a->container)->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      auto record = store.resolve(a->container);
      engine::LogReadOptions o;
      // As dockerd reads it: a number of lines; anything else ("all", "x", a negative) is all.
      if (auto n = parse_int(a->tail); n && *n >= 0) o.tail = *n;
      o.since = log_time_bound(a->since, "--since");
      o.until = log_time_bound(a->until, "--until");
      o.follow = a->follow;
      std::string id = record.id;
      o.still_running = [&store, id] {
        auto r = store.load(id);
        return r && (engine::is_running(*r) || engine::live_status(*r) == "restarting");
      };
      engine::read_json_log(store.paths().log(record.id), o, [&](const engine::LogEntry& e) {
        std::string text = a->timestamps ? e.time + " " + e.log : e.log;
        write_all(e.stream == "stderr" ? 2 : 1, text);
      });
      return 0;
    };
  });
}

}  // namespace berth::cli

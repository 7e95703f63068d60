// berth stats / container stats [-a] [--no-stream] [--no-trunc] [--format T] [CONTAINER...]:
// docker's live table of the containers' usage, redrawn every second until a signal ends it.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <thread>

#include <fmt/core.h>

#include "base/error.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/stats_format.hpp"
#include "engine/container_stats.hpp"

namespace berth::cli {
namespace {

struct StatsOptions {
  bool all = false;
  bool no_stream = false;
  bool no_trunc = false;
  std::string format;
  std::vector<std::string> containers;
};

struct Target {
  std::string label;  // docker's Container: the name given, or the short id when none were
  engine::ContainerRecord record;
};

// The containers named (every failure reported at once, as docker joins them), or else the
// running ones (all with -a). Asked again each round, so that a stream follows new containers.
std::vector<Target> targets(const engine::ContainerStore& store, const StatsOptions& o) {
  std::vector<Target> out;
  if (o.containers.empty()) {
    for (auto& r : store.list()) {
      if (o.all || engine::is_running(r)) out.push_back({r.id.substr(0, 12), std::move(r)});
    }
    return out;
  }
  std::string errors;
  for (const auto& name : o.containers) {
    try {
      out.push_back({name, store.resolve(name)});
    } catch (const Error& e) {
      errors += (errors.empty() ? "" : "\n") + std::string(e.what());
    }
  }
  if (!errors.empty()) throw Error(errors);
  return out;
}

void print_text(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

int run_stats(const Globals& g, const StatsOptions& o) {
  auto store = container_store(g);
  const std::string format = o.format.empty() ? kDefaultStatsFormat : o.format;
  std::map<std::string, engine::StatsSample> previous;
  // docker's CPU % needs two samples: the first round only takes them.
  for (const auto& t : targets(store, o)) previous[t.record.id] = engine::sample_container(store, t.record);
  for (;;) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    std::vector<StatsEntry> entries;
    std::map<std::string, engine::StatsSample> current;
    for (const auto& t : targets(store, o)) {
      auto now = engine::sample_container(store, t.record);
      auto before = previous.find(t.record.id);
      entries.push_back({t.label, t.record.id, t.record.name, before == previous.end() ? now : before->second, now});
      current[t.record.id] = now;
    }
    // As docker: clear the screen and home the cursor before each table of a stream.
    std::string text = o.no_stream ? "" : "\033[2J\033[H";
    print_text(text + render_stats(entries, format, o.no_trunc));
    if (o.no_stream) return 0;
    previous = std::move(current);
  }
}

}  // namespace

CLI::App* add_stats_command(CLI::App& parent, const std::string& name, Globals& g, Action& action) {
  auto o = std::make_shared<StatsOptions>();
  CLI::App* cmd = parent.add_subcommand(name, "Display a live stream of container(s) resource usage statistics");
  cmd->add_flag("-a,--all", o->all, "Show all containers (default shows just running)");
  cmd->add_flag("--no-stream", o->no_stream, "Disable streaming stats and only pull the first result");
  cmd->add_flag("--no-trunc", o->no_trunc, "Do not truncate output");
  cmd->add_option("--format", o->format, "Format output using a custom template, or \"table\" or \"json\"");
  cmd->add_option("containers", o->containers, "CONTAINER...");
  cmd->callback([&g, &action, o] { action = [&g, o] { return run_stats(g, *o); }; });
  return cmd;
}

void add_stats(CLI::App& app, Globals& g, Action& action) {
  add_stats_command(app, "stats", g, action);
}

}  // namespace berth::cli

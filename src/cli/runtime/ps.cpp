// berth-runtime ps: the processes of a container (ps(1)'s table, or a JSON list of pids).
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/ps_command.hpp"
#include "base/strings.hpp"
#include "cli/runtime/command.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {
namespace {

struct PsArgs {
  std::string id, format = "table";
  std::vector<std::string> ps_args;
};

// runc's table: ps(1) output for the whole host, keeping the header and the container's lines.
void print_table(const std::vector<pid_t>& pids, const std::vector<std::string>& ps_args) {
  PsResult ps = run_ps(ps_args.empty() ? std::vector<std::string>{"-ef"} : ps_args);
  if (ps.status != 0) throw Error(fmt::format("ps failed (exit status {}): {}", ps.status, trim(ps.err)));
  auto newline = ps.out.find('\n');
  if (ps.out.empty()) return;
  print_line(ps.out.substr(0, newline));
  for (const auto& line : ps_lines_of(ps.out, pids)) print_line(line);
}

}  // namespace

void add_ps(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<PsArgs>();
  auto* cmd = app.add_subcommand("ps", "list the processes running in a container");
  cmd->add_option("-f,--format", a->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->add_option("id", a->id, "container id")->required();
  cmd->add_option("ps-args", a->ps_args, "options passed to ps(1)");
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = g.store();
      auto pids = runtime::container_pids(store, a->id);
      if (a->format == "json") print_line(nlohmann::json(pids).dump());
      else print_table(pids, a->ps_args);
      return 0;
    };
  });
}

}  // namespace berth::cli

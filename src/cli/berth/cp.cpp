// berth cp / container cp [-a] [-L] [-q] CONTAINER:SRC DEST|-  and  SRC|- CONTAINER:DEST.
#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "base/error.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/human_units.hpp"
#include "engine/container_copy.hpp"
#include "engine/copy_paths.hpp"

namespace berth::cli {
namespace {

struct CpOptions {
  std::string source;
  std::string destination;
  bool archive = false;
  bool follow_link = false;
  bool quiet = false;
};

int run(const Globals& g, const CpOptions& o) {
  if (o.source.empty()) throw Error("source can not be empty");
  if (o.destination.empty()) throw Error("destination can not be empty");
  engine::CopyEndpoint from = engine::split_copy_arg(o.source);
  engine::CopyEndpoint to = engine::split_copy_arg(o.destination);
  if (!from.container.empty() && !to.container.empty())
    throw Error("copying between containers is not supported");
  if (from.container.empty() && to.container.empty())
    throw Error("must specify at least one container source");
  auto store = container_store(g);
  engine::CopyOptions options{o.follow_link, o.archive};
  engine::CopyOutcome done;
  if (!from.container.empty()) {
    std::fflush(stdout);
    done = engine::copy_from_container(store, from.container, from.path, to.path, options,
                                       STDOUT_FILENO);
    if (to.path == "-") return 0;  // the archive is the output
  } else {
    done =
        engine::copy_to_container(store, from.path, STDIN_FILENO, to.container, to.path, options);
  }
  // docker's CLI reports only to a terminal.
  if (!o.quiet && ::isatty(STDERR_FILENO))
    fmt::print(stderr, "Successfully copied {} to {}\n", human_size(done.bytes), done.destination);
  return 0;
}

}  // namespace

CLI::App* add_cp_command(CLI::App& parent, const std::string& name, Globals& g, Action& action) {
  auto o = std::make_shared<CpOptions>();
  CLI::App* cmd = parent.add_subcommand(
      name, "Copy files/folders between a container and the local filesystem");
  cmd->add_flag("-a,--archive", o->archive, "Archive mode (copy all uid/gid information)");
  cmd->add_flag("-L,--follow-link", o->follow_link, "Always follow symbol link in SRC_PATH");
  cmd->add_flag("-q,--quiet", o->quiet, "Suppress progress output during copy");
  cmd->add_option("source", o->source, "CONTAINER:SRC_PATH | SRC_PATH | -")->required();
  cmd->add_option("destination", o->destination, "DEST_PATH | - | CONTAINER:DEST_PATH")->required();
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

void add_cp(CLI::App& app, Globals& g, Action& action) { add_cp_command(app, "cp", g, action); }

}  // namespace berth::cli

// berth commit / container commit [-a A] [-m M] [-c INSTR]... [-p=false] CONTAINER [REPO[:TAG]]:
// a new image from a container's changes; prints its id.
#include <memory>
#include <string>
#include <vector>

#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/container_commit.hpp"

namespace berth::cli {
namespace {

struct CommitArgs {
  std::string container;
  engine::CommitOptions options;
};

}  // namespace

CLI::App* add_commit_command(CLI::App& parent, const std::string& name, Globals& g,
                             Action& action) {
  auto a = std::make_shared<CommitArgs>();
  CLI::App* cmd = parent.add_subcommand(name, "Create a new image from a container's changes");
  cmd->add_option("-a,--author", a->options.message.author,
                  "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")");
  cmd->add_option("-c,--change", a->options.message.changes,
                  "Apply Dockerfile instruction to the created image")
      ->allow_extra_args(false);  // one instruction per -c; CONTAINER after it stays positional
  cmd->add_option("-m,--message", a->options.message.comment, "Commit message");
  cmd->add_flag("-p,--pause", a->options.pause, "Pause container during commit (default true)");
  cmd->add_option("container", a->container, "CONTAINER")->required();
  cmd->add_option("reference", a->options.reference, "REPOSITORY[:TAG]");
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      print_line(engine::commit_container(container_store(g), a->container, a->options));
      return 0;
    };
  });
  return cmd;
}

void add_commit(CLI::App& app, Globals& g, Action& action) {
  add_commit_command(app, "commit", g, action);
}

}  // namespace berth::cli

// berth export / container export [-o FILE] CONTAINER: the container's filesystem as a tar.
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "engine/container_export.hpp"

namespace berth::cli {
namespace {

struct ExportOptions {
  std::string output;
  std::string container;
};

// docker's CLI checks the output's directory before asking the daemon for anything.
void check_output_path(const std::string& output) {
  auto slash = output.rfind('/');
  if (slash == std::string::npos) return;
  std::string dir = slash == 0 ? "/" : output.substr(0, slash);
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 && errno == ENOENT)
    throw Error(fmt::format(
        "failed to export container: invalid output path: directory \"{}\" does not exist", dir));
}

// As docker's CLI writes it: a temp file beside the target (mode 0600), renamed into place when
// complete, so a failed export leaves no truncated archive behind (and no clobbered old one).
void export_to_file(const engine::ContainerStore& store, const std::string& id,
                    const std::string& output) {
  std::string tmp = fmt::format("{}.tmp-{}", output, ::getpid());
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd) throw Error::last_errno("create", tmp);
  try {
    engine::export_container(store, id, fd.get());
    if (::fsync(fd.get()) != 0) throw Error::last_errno("fsync", tmp);
    if (::rename(tmp.c_str(), output.c_str()) != 0)
      throw Error::last_errno("rename", tmp + " to " + output);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
}

int run(const Globals& g, const ExportOptions& o) {
  if (o.output.empty() && ::isatty(STDOUT_FILENO))
    throw Error("cowardly refusing to save to a terminal. Use the -o flag or redirect");
  check_output_path(o.output);
  auto store = container_store(g);
  engine::ContainerRecord r = store.resolve(o.container);
  if (!o.output.empty()) {
    export_to_file(store, r.id, o.output);
    return 0;
  }
  std::fflush(stdout);
  engine::export_container(store, r.id, STDOUT_FILENO);
  return 0;
}

}  // namespace

CLI::App* add_export_command(CLI::App& parent, const std::string& name, Globals& g,
                             Action& action) {
  auto o = std::make_shared<ExportOptions>();
  CLI::App* cmd = parent.add_subcommand(name, "Export a container's filesystem as a tar archive");
  cmd->add_option("-o,--output", o->output, "Write to a file, instead of STDOUT");
  cmd->add_option("container", o->container, "CONTAINER")->required();
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

void add_export(CLI::App& app, Globals& g, Action& action) {
  add_export_command(app, "export", g, action);
}

}  // namespace berth::cli

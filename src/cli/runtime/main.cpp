// berth-runtime: an OCI runtime with runc's command line, over the berth runtime library.
#include <unistd.h>

#include <string_view>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/log.hpp"
#include "cli/runtime/command.hpp"
#include "runtime/self_clone.hpp"

namespace {

// Commands that put a process of ours inside a container: run them from a sealed copy of the
// binary (CVE-2019-5736). The others never enter a container and skip the copy. Decided from
// the parsed command line: "--root X run" must not read X as the command.
bool enters_container(const CLI::App& app) {
  return app.got_subcommand("create") || app.got_subcommand("run") || app.got_subcommand("exec");
}

// The same decision from argv alone, before CLI11 builds every command (~0.3 ms): re-executing
// from the sealed copy first spares the copy's parent that work. The global flags that take a
// value are skipped with it; an unknown flag ends the scan (the parsed check above decides).
bool argv_enters_container(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.empty() || arg[0] != '-') return arg == "create" || arg == "run" || arg == "exec";
    bool takes_value = false;
    for (std::string_view flag : {"--root", "--log", "--log-format", "--rootless", "--criu"})
      takes_value = takes_value || arg == flag;
    if (takes_value) {
      ++i;
    } else if (arg != "--debug" && arg != "--systemd-cgroup" && !arg.starts_with("--root=") &&
               !arg.starts_with("--log=") && !arg.starts_with("--log-format=") && !arg.starts_with("--rootless=") &&
               !arg.starts_with("--criu=")) {
      return false;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv, char** envp) {
  using namespace berth;
  try {
    if (argv_enters_container(argc, argv)) runtime::ensure_sealed_self(argv, envp);
  } catch (const Error& e) {
    log::error(e.what());
    return 1;
  }
  cli::Globals g;
  cli::Action action;
  CLI::App app{"berth-runtime: an OCI container runtime (runc's command line)", "berth-runtime"};
  app.set_version_flag("-v,--version",
                       fmt::format("berth-runtime version {}\nspec: {}", BERTH_VERSION, oci::kRuntimeSpecVersion));
  app.add_option("--root", g.root, "root directory for storage of container state")->capture_default_str();
  app.add_option("--log", g.log_path, "log file (default stderr)");
  app.add_option("--log-format", g.log_format, "log format: text or json")->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--debug", g.debug, "log debug output");
  app.add_flag("--systemd-cgroup", g.systemd_cgroup, "manage cgroups through systemd (not supported)");
  app.add_option("--rootless", g.rootless, "ignored: rootless mode is detected")->capture_default_str();
  app.add_option("--criu", g.criu, "ignored: checkpoint/restore is not supported");
  app.require_subcommand(1);
  cli::add_create(app, g, action);
  cli::add_start(app, g, action);
  cli::add_run(app, g, action);
  cli::add_state(app, g, action);
  cli::add_kill(app, g, action);
  cli::add_delete(app, g, action);
  cli::add_exec(app, g, action);
  cli::add_ps(app, g, action);
  cli::add_list(app, g, action);
  cli::add_pause_resume(app, g, action);
  cli::add_spec(app, g, action);
  cli::add_features(app, g, action);
  cli::add_update(app, g, action);
  cli::add_events(app, g, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  log::configure(g.log_path, g.log_format == "json" ? log::Format::kJson : log::Format::kText, g.debug);
  try {
    if (g.systemd_cgroup) throw Error("--systemd-cgroup: systemd cgroup management is not supported");
    if (enters_container(app)) runtime::ensure_sealed_self(argv, envp);
    return action();
  } catch (const Error& e) {
    log::error(e.what());
    return 1;
  } catch (const std::exception& e) {
    log::error(e.what());
    return 1;
  }
}

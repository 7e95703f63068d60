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
// binary (CVE-2019-5736). The others never enter a container and skip the copy.
bool enters_container(std::string_view command) {
  return command == "create" || command == "run" || command == "exec";
}

// Decided again from the parsed command line, the authority where the argv scan found no word
// ("--root X run" must not read X as the command; a flag the scan does not know ends it).
bool enters_container(const CLI::App& app) {
  for (const CLI::App* chosen : app.get_subcommands())
    if (enters_container(chosen->get_name())) return true;
  return false;
}

// Decided first from argv alone, before the C++ static initializers of the other translation
// units run (constructor priority 101 comes before them; glibc passes argc, argv and envp to
// constructors): re-executing from the sealed copy then spares the copy's parent the locale,
// iostream and CLI11 set-up as well as building CLI11's commands. A failure here is left to
// main's check, which reports it.
__attribute__((constructor(101))) void seal_before_static_init(int argc, char** argv, char** envp) {
  if (argc <= 0 || !argv || !enters_container(berth::cli::runtime_command_word(argc, argv))) return;
  try {
    berth::runtime::ensure_sealed_self(argv, envp);
  } catch (...) {
  }
}

}  // namespace

int main(int argc, char** argv, char** envp) {
  using namespace berth;
  const std::string_view command = cli::runtime_command_word(argc, argv);
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
  cli::add_commands(app, g, action, command);
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

// berth: a daemonless, Docker-compatible container engine over the berth libraries.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/core.h>

#include "base/error.hpp"
#include "cli/berth/command.hpp"
#include "cli/berth/argument_errors.hpp"
#include "cli/berth/short_flag_values.hpp"
#include "cli/berth/unknown_flag.hpp"

namespace {

// Docker prints usage errors with a hint and exits 125 (1 for too few arguments).
int usage_error(const CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
    app.exit(e);  // --help and --version print and succeed
    return 0;
  }
  if (std::string flag = berth::cli::unknown_flag_message(e, app, argc, argv); !flag.empty()) {
    fmt::print(stderr, "{}\n", flag);
    return static_cast<int>(berth::ExitCode::kEngine);
  }
  int code = static_cast<int>(berth::ExitCode::kEngine);
  if (std::string message = berth::cli::argument_error_message(e, app, code); !message.empty()) {
    fmt::print(stderr, "{}\n", message);
    return code;
  }
  fmt::print(stderr, "berth: {}\nSee 'berth --help'.\n", e.what());
  return static_cast<int>(berth::ExitCode::kEngine);
}

}  // namespace

int main(int argc, char** argv, char** envp) {
  using namespace berth;
  cli::Globals g;
  g.argv = argv;
  g.envp = envp;
  cli::Action action;
  CLI::App app{"berth: a daemonless, Docker-compatible container engine", "berth"};
  app.set_version_flag("-v,--version", fmt::format("berth version {}", BERTH_VERSION));
  app.add_option("--root", g.root, "storage root: images, containers, volumes")->capture_default_str();
  app.add_option("--runroot", g.runroot, "live state root")->capture_default_str();
  app.add_option("--cgroup-parent", g.cgroup_parent, "parent cgroup of every container")->capture_default_str();
  app.add_option("--default-ipc-mode", g.default_ipc_mode, "ipc mode of containers without --ipc")
      ->check(CLI::IsMember({"shareable", "private"}));
  app.add_option("--default-runtime", g.default_runtime,
                 "runtime of containers without --runtime: berth (in-process), or an OCI runtime's name or path");
  app.add_option("--config", g.config_file, "config file (default /etc/berth/berth.conf)");
  app.require_subcommand(1);
  app.fallthrough(false);
  if (std::string_view unknown = cli::add_commands(app, g, action, argc, argv); !unknown.empty()) {
    fmt::print(stderr, "berth: unknown command: berth {}\nSee 'berth --help'.\n", unknown);
    return static_cast<int>(ExitCode::kEngine);
  }
  cli::spell_out_short_flag_values(app, argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return usage_error(app, e, argc, argv);
  }
  // 125 is docker's code for an engine error of run and create; its other commands exit 1.
  auto engine_error_code = [&app] {
    std::string command = cli::chosen_command_path(app);
    bool runs = command.ends_with(" run") || command.ends_with(" create");
    return static_cast<int>(runs ? ExitCode::kEngine : ExitCode::kGeneric);
  };
  try {
    return action();
  } catch (const Error& e) {
    fmt::print(stderr, "berth: {}\n", e.what());
    return e.exit_code() == ExitCode::kEngine ? engine_error_code() : static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    fmt::print(stderr, "berth: {}\n", e.what());
    return engine_error_code();
  }
}

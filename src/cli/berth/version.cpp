// berth version [-f FORMAT]: docker's two sections, Client and Server. Berth has no daemon, so
// "Server" describes the engine this same binary is and the OCI runtime its containers get by
// default (--default-runtime / berth.conf), with that runtime's own answer to --version.
// --format works on the same object, so {{.Client.Version}} and {{.Server.Version}} script as
// with docker; a compiler replaces docker's Go version.
#include <sys/utsname.h>

#include <memory>
#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli/berth/berth_config.hpp"
#include "cli/berth/command.hpp"
#include "cli/berth/go_template.hpp"
#include "engine/runtime_version.hpp"
#include "oci/state.hpp"

namespace berth::cli {
namespace {

// Go's GOARCH for the machine uname reports, as docker prints OS/Arch.
std::string go_arch(const std::string& machine) {
  if (machine == "x86_64") return "amd64";
  if (machine == "aarch64") return "arm64";
  if (machine == "i686" || machine == "i386") return "386";
  if (machine.starts_with("armv")) return "arm";
  return machine;  // ppc64le, s390x, riscv64 are spelt alike
}

std::string compiler_version() {
#if defined(__clang__)
  return fmt::format("clang {}.{}.{}", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
  return fmt::format("g++ {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#else
  return "unknown";
#endif
}

nlohmann::json version_object(const Globals& g) {
  struct utsname u {};
  ::uname(&u);
  std::string arch = go_arch(u.machine);

  std::string runtime_name = engine_defaults(g).runtime;
  engine::RuntimeVersion runtime{BERTH_VERSION, oci::kRuntimeSpecVersion};
  std::string runtime_path = "(in-process)";
  if (runtime_name != engine::kInProcessRuntime) {
    engine::RuntimeChoice choice = engine::resolve_runtime(runtime_name);
    runtime = engine::query_runtime_version(engine::Paths{g.root, g.runroot, g.cgroup_parent}, choice);
    runtime_path = choice.path;
  }

  nlohmann::json client = {{"Platform", {{"Name", "Berth"}}}, {"Version", BERTH_VERSION},
                           {"CompilerVersion", compiler_version()}, {"Os", "linux"}, {"Arch", arch}};
  nlohmann::json engine_component = {{"Name", "Engine"},
                                     {"Version", BERTH_VERSION},
                                     {"Details", {{"Os", "linux"}, {"Arch", arch}, {"KernelVersion", u.release}}}};
  nlohmann::json runtime_component = {
      {"Name", runtime_name}, {"Version", runtime.version}, {"Details", {{"Path", runtime_path}, {"Spec", runtime.spec}}}};
  nlohmann::json server = {{"Platform", {{"Name", "Berth Engine (daemonless)"}}},
                           {"Components", {engine_component, runtime_component}},
                           {"Version", BERTH_VERSION},
                           {"Os", "linux"},
                           {"Arch", arch},
                           {"KernelVersion", u.release}};
  return {{"Client", client}, {"Server", server}};
}

// docker's layout: "Key:" padded to a column, one space in under a section, two under a component.
std::string line(int indent, const std::string& key, const std::string& value) {
  return fmt::format("{:{}}{:<{}}{}", "", indent, key + ":", 20 - indent, value);
}

void print_text(const nlohmann::json& v) {
  const auto& c = v["Client"];
  const auto& s = v["Server"];
  print_line("Client:");
  print_line(line(1, "Version", c["Version"]));
  print_line(line(1, "Compiler", c["CompilerVersion"]));
  print_line(line(1, "OS/Arch", fmt::format("{}/{}", c["Os"].get<std::string>(), c["Arch"].get<std::string>())));
  print_line("");
  print_line(fmt::format("Server: {}", s["Platform"]["Name"].get<std::string>()));
  const auto& engine_c = s["Components"][0];
  print_line(" Engine:");
  print_line(line(2, "Version", engine_c["Version"]));
  print_line(line(2, "OS/Arch", fmt::format("{}/{}", engine_c["Details"]["Os"].get<std::string>(),
                                            engine_c["Details"]["Arch"].get<std::string>())));
  print_line(line(2, "Kernel version", engine_c["Details"]["KernelVersion"]));
  const auto& runtime_c = s["Components"][1];
  print_line(fmt::format(" {}:", runtime_c["Name"].get<std::string>()));
  print_line(line(2, "Version", runtime_c["Version"]));
  print_line(line(2, "Path", runtime_c["Details"]["Path"]));
  print_line(line(2, "OCI spec", runtime_c["Details"]["Spec"]));
}

}  // namespace

void add_version(CLI::App& app, Globals& g, Action& action) {
  auto format = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("version", "Show the Berth version information");
  cmd->add_option("-f,--format", *format, "Format output using a custom template");
  cmd->callback([&g, &action, format] {
    action = [&g, format] {
      nlohmann::json v = version_object(g);
      if (format->empty())
        print_text(v);
      else
        print_line(render_template(*format, v, FieldLookup::kStrictStruct));
      return 0;
    };
  });
}

}  // namespace berth::cli

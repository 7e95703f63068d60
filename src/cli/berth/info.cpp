// berth info / berth system info [-f FORMAT]: docker's Info object, for an engine without a
// daemon: the counts come from the records on disk (as `ps -a` reads them), the rest from the
// host and from what this binary is (overlay layers, json-file logs, cgroupfs, its runtimes).
// --format renders the same object, so {{.ServerVersion}}, {{.Containers}} and {{json .}} script
// as with docker.
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "cli/berth/berth_config.hpp"
#include "cli/berth/command.hpp"
#include "cli/berth/go_template.hpp"
#include "cli/berth/info_format.hpp"
#include "engine/runtime_client.hpp"
#include "engine/spec_builder.hpp"
#include "engine/system_info.hpp"
#include "image/store.hpp"
#include "runtime/cgroups/manager.hpp"

namespace berth::cli {
namespace {

using nlohmann::json;

// The runtimes `--runtime NAME` finds: the in-process one, the OCI runtimes berth knows by name
// that $PATH holds, and the default when it is another.
json runtimes(const std::string& default_runtime) {
  json out = {{engine::kInProcessRuntime, {{"path", "(in-process)"}}}};
  for (const std::string& name : {std::string("runc"), std::string("crun"), std::string("berth-runtime"),
                                  std::string("youki"), std::string("runsc"), default_runtime}) {
    if (out.contains(name)) continue;
    try {
      out[name] = {{"path", engine::resolve_runtime(name).path}};
    } catch (const Error&) {
      // Not installed: not listed, as docker lists only the runtimes it can run.
    }
  }
  return out;
}

std::string init_binary() {
  try {
    return engine::find_init_binary();
  } catch (const Error&) {
    return "";  // none installed: --init fails, and docker's line is left out
  }
}

std::string machine_id() {
  for (const char* path : {"/etc/machine-id", "/var/lib/dbus/machine-id"})
    if (path_exists(path)) return read_file(path);
  return "";
}

json info_object(const Globals& g) {
  engine::ContainerCounts counts = engine::count_containers(engine::Paths{g.root, g.runroot, g.cgroup_parent});
  int version = berth::cgroups::detect_version() == berth::cgroups::Version::kV2 ? 2 : 1;
  engine::CgroupSupport cgroups = engine::probe_cgroups(version);
  engine::HostFacts host = engine::host_facts();
  engine::OsRelease os = engine::read_os_release();
  std::string default_runtime = engine_defaults(g).runtime;
  json warnings = engine::cgroup_warnings(cgroups);
  return {
      {"ID", engine::engine_id(machine_id(), g.root)},
      {"Containers", counts.total},
      {"ContainersRunning", counts.running},
      {"ContainersPaused", counts.paused},
      {"ContainersStopped", counts.stopped},
      {"Images", image::Store(g.root).list().size()},
      {"Driver", "overlay"},
      {"DriverStatus", json::array({json::array({"Backing Filesystem", engine::backing_filesystem(g.root)})})},
      {"Plugins", {{"Volume", {"local"}}, {"Network", {"host", "null"}}, {"Authorization", nullptr}, {"Log", {"json-file"}}}},
      {"MemoryLimit", cgroups.memory_limit},
      {"SwapLimit", cgroups.swap_limit},
      {"KernelMemoryTCP", cgroups.kernel_memory_tcp},
      {"CpuCfsPeriod", cgroups.cpu_cfs_period},
      {"CpuCfsQuota", cgroups.cpu_cfs_quota},
      {"CPUShares", cgroups.cpu_shares},
      {"CPUSet", cgroups.cpuset},
      {"PidsLimit", cgroups.pids_limit},
      {"OomKillDisable", cgroups.oom_kill_disable},
      {"Debug", false},
      {"LoggingDriver", "json-file"},
      {"CgroupDriver", "cgroupfs"},
      {"CgroupVersion", std::to_string(version)},
      {"KernelVersion", host.kernel_version},
      {"OperatingSystem", os.pretty_name},
      {"OSVersion", os.version_id},
      {"OSType", "linux"},
      {"Architecture", host.architecture},
      {"NCPU", host.cpus},
      {"MemTotal", host.memory_bytes},
      {"DockerRootDir", g.root},
      {"Name", host.hostname},
      {"Labels", json::array()},
      {"ExperimentalBuild", false},
      {"ServerVersion", BERTH_VERSION},
      {"Runtimes", runtimes(default_runtime)},
      {"DefaultRuntime", default_runtime},
      {"Swarm", {{"LocalNodeState", "inactive"}}},
      {"InitBinary", init_binary()},
      {"SecurityOptions", {"name=seccomp,profile=builtin"}},
      {"Warnings", warnings.empty() ? json(nullptr) : warnings},
      {"ClientInfo", {{"Debug", false}, {"Version", BERTH_VERSION}, {"Context", "default"}, {"Plugins", json::array()}}},
  };
}

}  // namespace

void add_info(CLI::App& app, Globals& g, Action& action) {
  auto format = std::make_shared<std::string>();
  auto add = [&g, &action, format](CLI::App& parent) {
    CLI::App* cmd = parent.add_subcommand("info", "Display system-wide information");
    cmd->add_option("-f,--format", *format, "Format output using a custom template ('json', or a Go template)");
    cmd->callback([&g, &action, format] {
      action = [&g, format] {
        json info = info_object(g);
        if (!format->empty()) {
          print_line(render_template(*format, info, FieldLookup::kStrictStruct));
          return 0;
        }
        std::string text = info_text(info);
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        for (const auto& w : info["Warnings"]) std::fprintf(stderr, "%s\n", w.get<std::string>().c_str());
        return 0;
      };
    });
  };
  add(app);
  CLI::App* system = app.add_subcommand("system", "Manage Berth");
  system->require_subcommand(1);
  add(*system);
}

}  // namespace berth::cli

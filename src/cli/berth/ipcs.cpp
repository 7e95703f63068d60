// berth ipcs [--format table|json] CONTAINER: the SysV and POSIX IPC objects and /dev/shm files
// in the container's IPC namespace, with no tool needed in the image.
#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/table.hpp"
#include "engine/ipc_objects.hpp"

namespace berth::cli {
namespace {

struct IpcsArgs {
  std::string format = "table";
  std::string container;
};

std::string text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

void print_section(const std::string& title, const nlohmann::json& rows, const std::vector<std::string>& columns,
                   const std::vector<std::string>& keys) {
  print_line(fmt::format("------ {} ------", title));
  Table table(columns);
  for (const auto& row : rows) {
    std::vector<std::string> cells;
    for (const auto& k : keys) cells.push_back(text(row.value(k, nlohmann::json(""))));
    table.add(cells);
  }
  table.print();
  print_line("");
}

}  // namespace

void add_ipcs(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<IpcsArgs>();
  CLI::App* cmd = app.add_subcommand("ipcs", "List the IPC objects in a container's IPC namespace");
  cmd->add_option("--format", a->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->add_option("container", a->container)->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      auto r = store.resolve(a->container);
      if (!engine::is_running(r) || r.state.pid <= 0)
        throw Error(fmt::format("container {} is not running", r.name));
      nlohmann::json objects = engine::list_ipc_objects(r.state.pid);
      objects["container"] = r.name;
      if (a->format == "json") {
        print_line(objects.dump(2));
        return 0;
      }
      print_line(fmt::format("IPC namespace {} of {}", objects["namespace"].get<std::string>(), r.name));
      print_line("");
      print_section("Shared Memory Segments", objects["shm"], {"KEY", "SHMID", "OWNER", "PERMS", "BYTES", "NATTCH"},
                    {"key", "id", "owner", "perms", "bytes", "attached"});
      print_section("Semaphore Arrays", objects["sem"], {"KEY", "SEMID", "OWNER", "PERMS", "NSEMS"},
                    {"key", "id", "owner", "perms", "nsems"});
      print_section("Message Queues", objects["msg"], {"KEY", "MSQID", "OWNER", "PERMS", "USED-BYTES", "MESSAGES"},
                    {"key", "id", "owner", "perms", "bytes", "messages"});
      print_section("POSIX Message Queues", objects["mqueue"], {"NAME", "OWNER", "PERMS", "BYTES"},
                    {"name", "owner", "perms", "bytes"});
      print_section("/dev/shm", objects["shm_files"], {"NAME", "OWNER", "PERMS", "BYTES"},
                    {"name", "owner", "perms", "bytes"});
      return 0;
    };
  });
}

}  // namespace berth::cli

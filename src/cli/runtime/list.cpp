// berth-runtime list: every container under --root (runc's table, JSON, or ids only).

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "cli/runtime/command.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {
namespace {

// The user name of `uid` from /etc/passwd, read directly: the binary is static, and glibc's
// getpwuid would need the NSS modules of the exact glibc it was built with.
std::string owner_name(const std::string& uid) {
  try {
    for (const auto& line : split(read_file("/etc/passwd"), '\n')) {
      auto f = split(line, ':');
      if (f.size() > 2 && f[2] == uid) return f[0];
    }
  } catch (const Error&) {
    // No /etc/passwd: fall through to the number, as runc does for unknown users.
  }
  return fmt::format("#{}", uid);
}

void print_table(const std::vector<nlohmann::json>& rows) {
  std::vector<std::vector<std::string>> cells{{"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"}};
  for (const auto& r : rows)
    cells.push_back({r["id"], std::to_string(r["pid"].get<int>()), r["status"], r["bundle"], r["created"], r["owner"]});
  std::vector<size_t> width(cells[0].size(), 0);
  for (const auto& row : cells)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  for (const auto& row : cells) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i)
      line += i + 1 == row.size() ? row[i] : fmt::format("{:<{}}", row[i], width[i] + 3);
    print_line(line);
  }
}

}  // namespace

void add_list(CLI::App& app, Globals& g, Action& action) {
  struct Args {
    std::string format = "table";
    bool quiet = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("list", "list the containers");
  cmd->alias("ls");
  cmd->add_option("-f,--format", a->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->add_flag("-q,--quiet", a->quiet, "print only the ids");
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = g.store();
      std::vector<nlohmann::json> rows;
      for (const auto& id : store.list()) {
        auto r = store.load(id);
        if (!r) continue;
        std::string status = store.status(*r);
        rows.push_back({{"ociVersion", oci::kRuntimeSpecVersion}, {"id", id}, {"pid", status == "stopped" ? 0 : r->pid},
                        {"status", status}, {"bundle", r->bundle}, {"rootfs", r->rootfs},
                        {"created", r->created}, {"owner", owner_name(r->owner)}, {"annotations", r->annotations}});
      }
      if (a->quiet) {
        for (const auto& r : rows) print_line(r["id"]);
      } else if (a->format == "json") {
        print_line(nlohmann::json(rows).dump());
      } else {
        print_table(rows);
      }
      return 0;
    };
  });
}

}  // namespace berth::cli

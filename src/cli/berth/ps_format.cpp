// The rows of `berth ps`, as docker's templates see them.
#include "cli/berth/ps_format.hpp"

#include <cstdio>
#include <ctime>

#include <fmt/core.h>

#include "base/strings.hpp"
#include "cli/berth/command.hpp"
#include "cli/berth/go_format.hpp"
#include "cli/berth/go_template.hpp"
#include "cli/berth/human_units.hpp"
#include "cli/berth/labels.hpp"
#include "engine/container_store.hpp"

namespace berth::cli {
namespace {

// "5 seconds" since an RFC 3339 time in a record.
std::string since(const std::string& timestamp) {
  auto then = parse_rfc3339(timestamp);
  time_t now = ::time(nullptr);
  return human_duration(then && now > *then ? static_cast<int64_t>(now - *then) : 0);
}

std::string status_text(const engine::ContainerRecord& r) {
  std::string s = engine::live_status(r);
  if (s == "running") return "Up " + since(r.state.started_at);
  if (s == "paused") return "Up " + since(r.state.started_at) + " (Paused)";
  if (s == "restarting") return fmt::format("Restarting ({}) {} ago", r.state.exit_code, since(r.state.finished_at));
  if (s == "exited") {
    if (r.state.finished_at.starts_with("0001")) return fmt::format("Exited ({})", r.state.exit_code);
    return fmt::format("Exited ({}) {} ago", r.state.exit_code, since(r.state.finished_at));
  }
  if (s == "created") return "Created";
  return s;
}

}  // namespace

std::string docker_command(const std::vector<std::string>& argv) {
  std::string cmd;
  for (size_t i = 0; i < argv.size(); ++i) {
    bool quoted = i > 0 && argv[i].find(' ') != std::string::npos;
    cmd += (i ? " " : "") + (quoted ? "'" + argv[i] + "'" : argv[i]);
  }
  return cmd;
}

std::string ellipsis(std::string_view s, size_t max_chars) {
  // UTF-8 aware: count characters, not bytes, as Go counts runes.
  size_t chars = 0, cut = s.size();
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars - 1) cut = i;
    ++chars;
  }
  if (chars <= max_chars) return std::string(s);
  return std::string(s.substr(0, cut)) + "…";
}

namespace {

std::string command_text(const engine::ContainerRecord& r, bool no_trunc) {
  std::vector<std::string> argv = r.config.entrypoint;
  argv.insert(argv.end(), r.config.cmd.begin(), r.config.cmd.end());
  std::string cmd = docker_command(argv);
  return go_quote(no_trunc ? cmd : ellipsis(cmd, 20));
}

// docker's CreatedAt: "2026-11-27 03:41:07 +0000 UTC".
std::string created_at(const std::string& rfc3339) {
  std::time_t t = parse_rfc3339(rfc3339).value_or(0);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S +0000 UTC", &tm);
  return buf;
}

}  // namespace

nlohmann::json ps_fields(const engine::ContainerRecord& r, bool no_trunc, const SizeText* size) {
  std::string mounts;
  int volumes = 0;
  for (const auto& m : r.host_config.mounts) {
    mounts += (mounts.empty() ? "" : ",") + m.source;
    if (m.type == "volume") ++volumes;
  }
  return {{"ID", no_trunc ? r.id : r.id.substr(0, 12)},
          {"Image", r.config.image},
          {"Command", command_text(r, no_trunc)},
          {"CreatedAt", created_at(r.created)},
          {"RunningFor", since(r.created) + " ago"},
          {"Ports", ""},
          {"Status", status_text(r)},
          {"State", engine::live_status(r)},
          {"Size", size && *size ? (*size)(r) : ""},
          {"Names", r.name},
          {"Labels", labels_text(r.config.labels)},
          {"LocalVolumes", std::to_string(volumes)},
          {"Mounts", mounts},
          {"Networks", r.host_config.network_mode}};
}

int print_ps_format(const std::vector<engine::ContainerRecord>& records, const std::string& format, bool no_trunc,
                    const SizeText& size) {
  const bool sized = format.find(".Size") != std::string::npos || format.find("json") != std::string::npos;
  std::vector<TemplateRow> rows;
  for (const auto& r : records)
    rows.push_back({ps_fields(r, no_trunc, sized ? &size : nullptr), label_method(r.config.labels)});
  if (is_table_format(format)) {
    static const std::map<std::string, std::string> headers = {
        {"ID", "CONTAINER ID"}, {"Image", "IMAGE"},      {"Command", "COMMAND"}, {"CreatedAt", "CREATED AT"},
        {"RunningFor", "CREATED"}, {"Ports", "PORTS"},   {"Status", "STATUS"},   {"State", "STATE"},
        {"Size", "SIZE"},       {"Names", "NAMES"},      {"Labels", "LABELS"},   {"Mounts", "MOUNTS"},
        {"LocalVolumes", "LOCAL VOLUMES"},
        {"Networks", "NETWORKS"}};
    std::string text = render_table(format, rows, headers, label_header_method());
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  for (const auto& row : rows) print_line(render_template(format, row.fields, FieldLookup::kStrict, row.methods));
  return 0;
}

}  // namespace berth::cli

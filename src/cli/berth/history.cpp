// berth history / image history IMAGE: docker's table of the steps that made an image.
#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/berth/go_template.hpp"
#include "cli/berth/human_units.hpp"
#include "cli/berth/image_commands.hpp"
#include "cli/berth/ps_format.hpp"
#include "image/image_history.hpp"
#include "image/store.hpp"

namespace berth::cli {
namespace {

struct HistoryOptions {
  std::string image;
  bool human = true;
  bool no_trunc = false;
  bool quiet = false;
  std::string format;
};

constexpr std::string_view kHumanTable =
    "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
constexpr std::string_view kNonHumanTable =
    "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";

const std::map<std::string, std::string>& headers() {
  static const std::map<std::string, std::string> h = {{"ID", "IMAGE"},
                                                       {"CreatedSince", "CREATED"},
                                                       {"CreatedAt", "CREATED AT"},
                                                       {"CreatedBy", "CREATED BY"},
                                                       {"Size", "SIZE"},
                                                       {"Comment", "COMMENT"}};
  return h;
}

// A history entry without a creation time is Go's zero time to dockerd: year 1.
constexpr time_t kGoZeroTime = -62135596800;
// Go's time.Duration saturates at about 292 years: what docker shows for the zero time.
constexpr int64_t kMaxGoDurationSeconds = INT64_MAX / 1000000000;

// Go's time.Format(time.RFC3339) in local time: "2024-01-02T15:04:05Z" or "...+02:00".
std::string rfc3339_local(time_t when) {
  tm t{};
  ::localtime_r(&when, &t);
  std::string zone = "Z";
  if (t.tm_gmtoff != 0) {
    long minutes = std::abs(t.tm_gmtoff) / 60;
    zone = fmt::format("{}{:02}:{:02}", t.tm_gmtoff < 0 ? '-' : '+', minutes / 60, minutes % 60);
  }
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", t.tm_year + 1900, t.tm_mon + 1,
                     t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, zone);
}

// The fields of docker's history formatter for one row.
nlohmann::json row_fields(const image::HistoryRow& row, const HistoryOptions& o) {
  time_t created = parse_rfc3339(row.created).value_or(kGoZeroTime);
  std::string created_at = rfc3339_local(created);
  int64_t age = std::min<int64_t>(::time(nullptr) - created, kMaxGoDurationSeconds);
  // docker shows a tab in a RUN line as a space, so it cannot break the table's columns.
  std::string created_by = row.created_by;
  std::replace(created_by.begin(), created_by.end(), '\t', ' ');
  std::string id = row.id;
  if (!o.no_trunc && id.starts_with("sha256:")) id = id.substr(7, 12);
  return {{"ID", id},
          {"CreatedSince", o.human ? human_duration(age) + " ago" : created_at},
          {"CreatedAt", created_at},
          {"CreatedBy", o.no_trunc ? created_by : ellipsis(created_by, 45)},
          {"Size", o.human ? human_size(row.size) : std::to_string(row.size)},
          {"Comment", row.comment}};
}

int run(const Globals& g, const HistoryOptions& o) {
  image::Store store(g.root);
  image::Image img = store.must_find(o.image);
  auto rows = image::image_history(img.config, img.id, [&store](const std::string& diff_id) {
    return store.layer_size(diff_id);
  });
  std::vector<nlohmann::json> fields;
  for (const auto& row : rows) fields.push_back(row_fields(row, o));
  std::string format = o.format.empty() ? "table" : o.format;
  if (format == "table") {
    if (o.quiet) {
      for (const auto& f : fields) print_line(f["ID"]);
      return 0;
    }
    format = o.human ? kHumanTable : kNonHumanTable;
  }
  if (is_table_format(format)) {
    fmt::print("{}", render_table(format, fields, headers()));
  } else {
    for (const auto& f : fields) print_line(render_template(format, f, FieldLookup::kStrict));
  }
  return 0;
}

}  // namespace

CLI::App* add_history_command(CLI::App& parent, const std::string& name, Globals& g,
                              Action& action) {
  auto o = std::make_shared<HistoryOptions>();
  CLI::App* cmd = parent.add_subcommand(name, "Show the history of an image");
  cmd->add_flag("-H,--human", o->human, "Print sizes and dates in human readable format");
  cmd->add_flag("--no-trunc", o->no_trunc, "Don't truncate output");
  cmd->add_flag("-q,--quiet", o->quiet, "Only show image IDs");
  cmd->add_option("--format", o->format, "Pretty-print images using a Go template");
  cmd->add_option("image", o->image, "IMAGE")->required();
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

}  // namespace berth::cli

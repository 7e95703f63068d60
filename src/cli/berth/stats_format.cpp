// The rows of `berth stats`, as docker's stats formatter shows them.
#include "cli/berth/stats_format.hpp"

#include <fmt/core.h>

#include "cli/berth/go_template.hpp"
#include "cli/berth/human_units.hpp"

namespace berth::cli {

nlohmann::json stats_fields(const StatsEntry& e, bool no_trunc) {
  const auto& s = e.current;
  // docker: HumanSizeWithPrecision(n, 3) for the network and the disk, BytesSize for memory.
  auto pair = [](uint64_t a, uint64_t b) { return human_size(a, 3) + " / " + human_size(b, 3); };
  return {{"Container", e.container},
          {"ID", no_trunc ? e.id : e.id.substr(0, 12)},
          {"Name", e.name},
          {"CPUPerc", fmt::format("{:.2f}%", engine::cpu_percent(e.previous, s))},
          {"MemUsage", bytes_size(s.memory) + " / " + bytes_size(s.memory_limit)},
          {"MemPerc", fmt::format("{:.2f}%", engine::memory_percent(s))},
          {"NetIO", pair(s.net_rx, s.net_tx)},
          {"BlockIO", pair(s.block_read, s.block_write)},
          {"PIDs", std::to_string(s.pids)}};
}

std::string render_stats(const std::vector<StatsEntry>& entries, const std::string& format, bool no_trunc) {
  std::vector<nlohmann::json> rows;
  for (const auto& e : entries) rows.push_back(stats_fields(e, no_trunc));
  if (is_table_format(format)) {
    static const std::map<std::string, std::string> headers = {
        {"Container", "CONTAINER"}, {"ID", "CONTAINER ID"}, {"Name", "NAME"},
        {"CPUPerc", "CPU %"},       {"MemUsage", "MEM USAGE / LIMIT"}, {"MemPerc", "MEM %"},
        {"NetIO", "NET I/O"},       {"BlockIO", "BLOCK I/O"},          {"PIDs", "PIDS"}};
    return render_table(format, rows, headers);
  }
  std::string text;
  for (const auto& row : rows) text += render_template(format, row, FieldLookup::kStrict) + "\n";
  return text;
}

}  // namespace berth::cli

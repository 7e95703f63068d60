// stats --format: docker's Go-template fields for a container's usage, and its table.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/container_stats.hpp"

namespace berth::cli {

inline constexpr const char* kDefaultStatsFormat =
    "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

// One container's line: what the user named it by (Container), its id and name, and the two
// samples the CPU % is taken between.
struct StatsEntry {
  std::string container;
  std::string id;
  std::string name;
  engine::StatsSample previous, current;
};

// The fields docker's stats templates see: Container, ID, Name, CPUPerc ("0.35%"), MemUsage
// ("1.5MiB / 23.4GiB"), MemPerc, NetIO and BlockIO ("1.2kB / 0B"), PIDs.
nlohmann::json stats_fields(const StatsEntry& e, bool no_trunc);
// The text `format` makes of `entries`: a table with docker's headers, or one line each.
std::string render_stats(const std::vector<StatsEntry>& entries, const std::string& format, bool no_trunc);

}  // namespace berth::cli

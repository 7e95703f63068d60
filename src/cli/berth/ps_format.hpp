// ps --format: docker's Go-template fields for containers.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/container_record.hpp"

namespace berth::cli {

inline constexpr const char* kDefaultPsFormat =
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

// The fields docker's ps templates see: ID, Image, Command, CreatedAt, RunningFor, Ports,
// Status, State, Size, Names, Labels, Mounts, Networks.
nlohmann::json ps_fields(const engine::ContainerRecord& r, bool no_trunc);
// Prints `records` through `format` ("table …" adds a header row). Returns the exit code.
int print_ps_format(const std::vector<engine::ContainerRecord>& records, const std::string& format, bool no_trunc);

}  // namespace berth::cli

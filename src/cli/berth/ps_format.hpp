// ps --format: docker's Go-template fields for containers.
#pragma once

#include <string>
#include <vector>

#include "engine/container_record.hpp"

namespace berth::cli {

// Prints `records` through `format` ("table …" adds a header row). Returns the exit code.
int print_ps_format(const std::vector<engine::ContainerRecord>& records, const std::string& format, bool no_trunc);

}  // namespace berth::cli

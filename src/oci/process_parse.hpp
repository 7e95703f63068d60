// Reading parts of a config alone: process.json (`exec --process`), resources (`update -r`).
#pragma once

#include <string>
#include <string_view>

#include "oci/spec.hpp"

namespace berth::oci {

inline constexpr const char* kWrapperVersion = "1.0.0";

// Throws berth::Error naming `origin` and the JSON path (e.g. "process.args").
Process parse_process_json(std::string_view text, const std::string& origin);
// A linux.resources object alone, as `update --resources FILE` takes it.
Resources parse_resources_json(std::string_view text, const std::string& origin);

}  // namespace berth::oci

// Reading a standalone process.json, as `exec --process FILE` takes it.
#pragma once

#include <string>
#include <string_view>

#include "oci/spec.hpp"

namespace berth::oci {

inline constexpr const char* kWrapperVersion = "1.0.0";

// Throws berth::Error naming `origin` and the JSON path (e.g. "process.args").
Process parse_process_json(std::string_view text, const std::string& origin);

}  // namespace berth::oci

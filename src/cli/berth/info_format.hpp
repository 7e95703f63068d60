// `berth info` as text: docker's layout of its Info object (a "Client:" and a "Server:" section).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace berth::cli {

// The text docker's CLI prints for `info` without --format (stdout), from an object with
// docker's Info fields and its ClientInfo. The Warnings are not part of it: they go to stderr.
std::string info_text(const nlohmann::json& info);

}  // namespace berth::cli

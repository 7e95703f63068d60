// --security-opt seccomp=FILE|unconfined: docker's profile format -> the OCI seccomp object.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace berth::engine {

// The OCI linux.seccomp for the container's --security-opt values and capabilities; null when
// unconfined (or when no profile is given: docker's built-in default profile is not shipped
// yet, see docs/engine.md). Throws (exit 125) naming the file for an unreadable or bad profile.
nlohmann::json seccomp_for(const std::vector<std::string>& security_opt, const std::vector<std::string>& caps);

// Converts one docker profile (archMap, includes/excludes by capability) to OCI form.
nlohmann::json docker_profile_to_oci(const nlohmann::json& profile, const std::vector<std::string>& caps,
                                     const std::string& file);

}  // namespace berth::engine

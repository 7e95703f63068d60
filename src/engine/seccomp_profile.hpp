// --security-opt seccomp=PROFILE|unconfined|builtin: docker's profile format -> the OCI seccomp object.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace berth::engine {

// The OCI linux.seccomp for the container's --security-opt values and capabilities: the given
// profile (embedded JSON, or a file in older records), null for seccomp=unconfined, else
// Berth's default (engine/default_seccomp.hpp). Throws (exit 125) for a bad profile.
nlohmann::json seccomp_for(const std::vector<std::string>& security_opt, const std::vector<std::string>& caps);

// Throws as seccomp_for does for a bad --security-opt seccomp=, without building the
// default profile when there is none (~0.15 ms: create checks the option, start builds it).
void check_seccomp_option(const std::vector<std::string>& security_opt, const std::vector<std::string>& caps);

// Converts one docker profile (archMap, includes/excludes by capability) to OCI form.
nlohmann::json docker_profile_to_oci(const nlohmann::json& profile, const std::vector<std::string>& caps,
                                     const std::string& file);

}  // namespace berth::engine

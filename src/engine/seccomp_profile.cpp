// Docker seccomp profiles, converted for the runtime.
#include "engine/seccomp_profile.hpp"

#include <algorithm>
#include <optional>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "engine/default_seccomp.hpp"
#include "engine/security_opts.hpp"

namespace berth::engine {
namespace {

using json = nlohmann::json;

bool has_all_caps(const json& wanted, const std::vector<std::string>& caps) {
  for (const auto& c : wanted) {
    if (std::find(caps.begin(), caps.end(), c.get<std::string>()) == caps.end()) return false;
  }
  return true;
}

bool applies(const json& rule, const std::vector<std::string>& caps) {
  if (rule.contains("includes") && rule["includes"].contains("caps") && !has_all_caps(rule["includes"]["caps"], caps))
    return false;
  if (rule.contains("excludes") && rule["excludes"].contains("caps")) {
    for (const auto& c : rule["excludes"]["caps"]) {
      if (std::find(caps.begin(), caps.end(), c.get<std::string>()) != caps.end()) return false;
    }
  }
  return true;
}

}  // namespace

json docker_profile_to_oci(const json& profile, const std::vector<std::string>& caps, const std::string& file) {
  if (!profile.is_object() || !profile.contains("defaultAction"))
    throw Error(fmt::format("--security-opt seccomp={}: defaultAction: is required", file), ExitCode::kEngine);
  json out = {{"defaultAction", profile["defaultAction"]}};
  if (profile.contains("defaultErrnoRet")) out["defaultErrnoRet"] = profile["defaultErrnoRet"];
  json arches = json::array();
  if (profile.contains("architectures")) arches = profile["architectures"];
  for (const auto& m : profile.value("archMap", json::array())) {
    arches.push_back(m.value("architecture", ""));
    for (const auto& sub : m.value("subArchitectures", json::array())) arches.push_back(sub);
  }
  if (!arches.empty()) out["architectures"] = arches;
  // Fields moby's profile shares with the OCI one, passed as they are.
  for (const char* key : {"flags", "listenerPath", "listenerMetadata"})
    if (profile.contains(key) && !profile[key].is_null()) out[key] = profile[key];
  json syscalls = json::array();
  for (const auto& rule : profile.value("syscalls", json::array())) {
    if (!applies(rule, caps)) continue;
    json names = rule.contains("names") ? rule["names"] : json::array({rule.value("name", "")});
    json entry = {{"names", names}, {"action", rule.value("action", "SCMP_ACT_ALLOW")}};
    if (rule.contains("errnoRet")) entry["errnoRet"] = rule["errnoRet"];
    if (rule.contains("args") && !rule["args"].is_null()) entry["args"] = rule["args"];
    syscalls.push_back(entry);
  }
  out["syscalls"] = syscalls;
  return out;
}

json seccomp_for(const std::vector<std::string>& security_opt, const std::vector<std::string>& caps) {
  std::optional<std::string> value = parse_security_opts(security_opt).seccomp;
  if (!value || *value == "builtin") return default_seccomp_profile(caps);
  if (*value == "unconfined") return nullptr;
  // The CLI embeds the profile's JSON; older records name a file.
  bool embedded = value->starts_with("{");
  std::string shown = embedded ? "<profile>" : *value;
  json profile = json::parse(embedded ? *value : read_file(*value), nullptr, false);
  if (profile.is_discarded())
    throw Error(fmt::format("--security-opt seccomp={}: not valid JSON", shown), ExitCode::kEngine);
  return docker_profile_to_oci(profile, caps, shown);
}

void check_seccomp_option(const std::vector<std::string>& security_opt, const std::vector<std::string>& caps) {
  auto value = parse_security_opts(security_opt).seccomp;
  if (value && *value != "builtin") seccomp_for(security_opt, caps);
}

}  // namespace berth::engine

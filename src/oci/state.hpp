// The OCI runtime state (what `state ID` prints) and the default config (`spec`).
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace berth::oci {

inline constexpr const char* kRuntimeSpecVersion = "1.2.0";

struct State {
  std::string oci_version = kRuntimeSpecVersion;
  std::string id;
  std::string status;  // creating, created, running, paused, stopped
  int pid = 0;
  std::string bundle;
  std::map<std::string, std::string> annotations;
};

nlohmann::json to_json(const State& state);

// The config `spec` writes: runc's default, a busybox-friendly `sh` with a terminal.
// `rootless` adds a user namespace mapping the caller's uid and gid.
nlohmann::json default_spec(bool rootless, unsigned uid, unsigned gid);

}  // namespace berth::oci

// --security-opt as the docker CLI reads it before dockerd does: KEY=VALUE (or KEY:VALUE, or
// no-new-privileges alone), a seccomp profile file read now and embedded, systempaths=unconfined
// taken out as "no masked paths".
#pragma once

#include <string>
#include <vector>

namespace berth::cli {

struct SecurityOptFlags {
  std::vector<std::string> options;      // HostConfig.SecurityOpt, seccomp=FILE replaced by seccomp=<JSON>
  bool system_paths_unconfined = false;  // systempaths=unconfined was given
};

// Throws the CLI's errors, exit 125: `Invalid --security-opt: "x"`, `opening seccomp profile
// (F) failed: open F: no such file or directory`, `compacting json for seccomp profile (F) failed: ...`.
SecurityOptFlags read_security_opt_flags(const std::vector<std::string>& values);

}  // namespace berth::cli

// HostConfig.SecurityOpt as dockerd reads it: no-new-privileges[=BOOL], seccomp=, label=,
// apparmor= (KEY:VALUE too, docker's older spelling).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace berth::engine {

struct SecurityOptions {
  bool no_new_privileges = false;
  // "unconfined", "builtin" (the default profile), a profile's JSON as the CLI embeds it, or a
  // file's path (records made before the CLI embedded the profile).
  std::optional<std::string> seccomp;
};

// Throws dockerd's `invalid --security-opt 1: "x"` (no KEY=VALUE) or `... 2: "x"` (an unknown
// key, a no-new-privileges that is not a boolean), exit 125. label= and apparmor= are accepted
// and have no effect: this host has neither SELinux nor AppArmor in Berth's reach.
SecurityOptions parse_security_opts(const std::vector<std::string>& options);

// Go's strconv.ParseBool: 1 t T TRUE true True, 0 f F FALSE false False.
std::optional<bool> parse_go_bool(const std::string& text);

}  // namespace berth::engine

// dockerd's parseSecurityOpt, in its order and words.
#include "engine/security_opts.hpp"

#include <fmt/core.h>

#include "base/error.hpp"

namespace berth::engine {

std::optional<bool> parse_go_bool(const std::string& text) {
  if (text == "1" || text == "t" || text == "T" || text == "TRUE" || text == "true" || text == "True") return true;
  if (text == "0" || text == "f" || text == "F" || text == "FALSE" || text == "false" || text == "False") return false;
  return std::nullopt;
}

SecurityOptions parse_security_opts(const std::vector<std::string>& options) {
  SecurityOptions out;
  for (const auto& opt : options) {
    if (opt == "no-new-privileges") {
      out.no_new_privileges = true;
      continue;
    }
    if (opt == "disable") continue;  // label=disable's short form
    size_t sep = opt.find('=');
    if (sep == std::string::npos) sep = opt.find(':');
    if (sep == std::string::npos)
      throw Error(fmt::format("invalid --security-opt 1: \"{}\"", opt), ExitCode::kEngine);
    std::string key = opt.substr(0, sep), value = opt.substr(sep + 1);
    if (key == "label" || key == "apparmor") continue;
    if (key == "seccomp") {
      out.seccomp = value;
    } else if (key == "no-new-privileges" && parse_go_bool(value)) {
      out.no_new_privileges = *parse_go_bool(value);
    } else {
      throw Error(fmt::format("invalid --security-opt 2: \"{}\"", opt), ExitCode::kEngine);
    }
  }
  return out;
}

}  // namespace berth::engine

// The profile is read at create, as docker's CLI reads it: a later change to the file does not
// change the container, and inspect shows what it runs with.
#include "cli/berth/security_opt_flag.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/file_io.hpp"

namespace berth::cli {
namespace {

[[noreturn]] void refuse(const std::string& why) { throw Error(why, ExitCode::kEngine); }

std::string embedded_profile(const std::string& file) {
  std::string text;
  try {
    text = read_file(file);
  } catch (const Error& e) {
    refuse(fmt::format("opening seccomp profile ({}) failed: open {}: {}", file, file, go_errno_text(e.err())));
  }
  auto profile = nlohmann::json::parse(text, nullptr, false);
  if (profile.is_discarded()) refuse(fmt::format("compacting json for seccomp profile ({}) failed: not valid JSON", file));
  return profile.dump();
}

}  // namespace

SecurityOptFlags read_security_opt_flags(const std::vector<std::string>& values) {
  SecurityOptFlags out;
  for (const auto& opt : values) {
    if (opt == "systempaths=unconfined") {
      out.system_paths_unconfined = true;
      continue;
    }
    size_t sep = opt.find('=');
    if (sep == std::string::npos && opt != "no-new-privileges") sep = opt.find(':');
    bool has_value = sep != std::string::npos && sep + 1 < opt.size();
    if (!has_value && opt != "no-new-privileges") refuse(fmt::format("Invalid --security-opt: \"{}\"", opt));
    std::string key = opt.substr(0, sep), value = has_value ? opt.substr(sep + 1) : "";
    if (key == "seccomp" && value != "unconfined" && value != "builtin") {
      out.options.push_back("seccomp=" + embedded_profile(value));
      continue;
    }
    out.options.push_back(opt);
  }
  return out;
}

}  // namespace berth::cli

// linux.resources.unified: raw v2 knobs from config.json, written as given.
#include <fmt/core.h>

#include "base/error.hpp"
#include "runtime/cgroups/v2/controllers.hpp"

namespace berth::cgroups::v2 {
namespace {

// Keys name a file in the cgroup's own directory: nothing that could reach outside it.
void check_key(const std::string& key) {
  if (key.empty() || key == "." || key == ".." || key.find('/') != std::string::npos ||
      key.find('\0') != std::string::npos) {
    throw Error(fmt::format("cgroup: unified key \"{}\" is not a cgroup file name", key));
  }
}

}  // namespace

void apply_unified(const std::string& dir, const std::map<std::string, std::string>& unified) {
  for (const auto& [key, value] : unified) {
    check_key(key);
    write_knob(dir + "/" + key, value, fmt::format("unified key \"{}\": ", key));
  }
}

}  // namespace berth::cgroups::v2

#include "engine/container_env.hpp"

#include <algorithm>

#include "image/build_state.hpp"

namespace berth::engine {
namespace {

std::string env_key(const std::string& kv) { return kv.substr(0, kv.find('=')); }

}  // namespace

std::vector<std::string> replace_or_append_env(std::vector<std::string> base, const std::vector<std::string>& overrides) {
  for (const auto& kv : overrides) {
    auto it = std::find_if(base.begin(), base.end(), [&](const auto& e) { return env_key(e) == env_key(kv); });
    if (it != base.end())
      *it = kv;
    else
      base.push_back(kv);
  }
  return base;
}

std::vector<std::string> process_env(const ContainerConfig& config) {
  std::vector<std::string> engine_env = {image::kDefaultPath, "HOSTNAME=" + config.hostname};
  if (config.tty) engine_env.push_back("TERM=xterm");
  return replace_or_append_env(std::move(engine_env), config.env);
}

}  // namespace berth::engine

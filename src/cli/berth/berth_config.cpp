// Reading berth.conf.
#include "cli/berth/berth_config.hpp"

#include <cstdlib>
#include <fstream>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "engine/detach_keys.hpp"

namespace berth::cli {
namespace {

std::string config_path(const Globals& g) {
  if (!g.config_file.empty()) return g.config_file;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    std::string path = std::string(xdg) + "/berth/berth.conf";
    if (std::ifstream(path)) return path;
  }
  return "/etc/berth/berth.conf";
}

struct BerthConfig {
  std::string default_ipc_mode = "shareable";
  std::string detach_keys;  // bytes; empty: not set
};

// Every key is checked whichever one the command needs: a bad file fails every command alike.
BerthConfig read_config(const Globals& g) {
  BerthConfig config;
  std::string path = config_path(g);
  std::ifstream in(path);
  if (!in) {
    if (!g.config_file.empty()) throw Error(fmt::format("--config {}: cannot open", path), ExitCode::kEngine);
    return config;
  }
  int line_no = 0;
  auto bad = [&](const std::string& what) {
    return Error(fmt::format("{}:{}: {}", path, line_no, what), ExitCode::kEngine);
  };
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    std::string t(trim(line));
    if (t.empty() || t[0] == '#') continue;
    auto eq = t.find('=');
    std::string key(trim(t.substr(0, eq))), value(eq == std::string::npos ? "" : trim(t.substr(eq + 1)));
    if (key == "default_ipc_mode") {
      if (value != "shareable" && value != "private")
        throw bad(fmt::format("default_ipc_mode: \"{}\" is not shareable or private", value));
      config.default_ipc_mode = value;
    } else if (key == "detach_keys") {
      auto keys = engine::parse_detach_keys(value);
      if (!keys) throw bad(fmt::format("detach_keys: \"{}\": {}", value, keys.error()));
      config.detach_keys = *keys;
    } else {
      throw bad(fmt::format("unknown key \"{}\"", key));
    }
  }
  return config;
}

}  // namespace

std::string default_ipc_mode(const Globals& g) {
  if (!g.default_ipc_mode.empty()) return g.default_ipc_mode;
  return read_config(g).default_ipc_mode;
}

std::string detach_keys(const Globals& g, const std::string& flag) {
  // Docker treats an empty --detach-keys as not given.
  if (!flag.empty()) {
    auto keys = engine::parse_detach_keys(flag);
    if (!keys) throw Error(fmt::format("invalid --detach-keys \"{}\": {}", flag, keys.error()), ExitCode::kEngine);
    return *keys;
  }
  std::string configured = read_config(g).detach_keys;
  return configured.empty() ? *engine::parse_detach_keys(engine::kDefaultDetachKeys) : configured;
}

}  // namespace berth::cli

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

[[noreturn]] void bad_line(const std::string& path, int line_no, const std::string& why) {
  throw Error(fmt::format("{}:{}: {}", path, line_no, why), ExitCode::kEngine);
}

EngineDefaults read_config_file(const Globals& g) {
  EngineDefaults d;
  std::string path = config_path(g);
  std::ifstream in(path);
  if (!in) {
    if (!g.config_file.empty()) throw Error(fmt::format("--config {}: cannot open", path), ExitCode::kEngine);
    return d;
  }
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    std::string t(trim(line));
    if (t.empty() || t[0] == '#') continue;
    auto eq = t.find('=');
    std::string key(trim(t.substr(0, eq))), value(eq == std::string::npos ? "" : trim(t.substr(eq + 1)));
    if (key == "default_ipc_mode") {
      if (value != "shareable" && value != "private")
        bad_line(path, line_no, fmt::format("default_ipc_mode: \"{}\" is not shareable or private", value));
      d.ipc_mode = value;
    } else if (key == "default_runtime") {
      // Checked where it is used (create), as --runtime is: with docker's error.
      if (value.empty()) bad_line(path, line_no, "default_runtime: empty");
      d.runtime = value;
    } else if (key == "detach_keys") {
      auto keys = engine::parse_detach_keys(value);
      if (!keys) bad_line(path, line_no, fmt::format("detach_keys: \"{}\": {}", value, keys.error()));
      d.detach_keys = *keys;
    } else {
      bad_line(path, line_no, fmt::format("unknown key \"{}\"", key));
    }
  }
  return d;
}

}  // namespace

EngineDefaults engine_defaults(const Globals& g) {
  EngineDefaults d = read_config_file(g);
  if (!g.default_ipc_mode.empty()) d.ipc_mode = g.default_ipc_mode;
  if (!g.default_runtime.empty()) d.runtime = g.default_runtime;
  return d;
}

std::string detach_keys(const Globals& g, const std::string& flag) {
  // Docker treats an empty --detach-keys as not given.
  if (!flag.empty()) {
    auto keys = engine::parse_detach_keys(flag);
    if (!keys) throw Error(fmt::format("invalid --detach-keys \"{}\": {}", flag, keys.error()), ExitCode::kEngine);
    return *keys;
  }
  std::string configured = read_config_file(g).detach_keys;
  return configured.empty() ? *engine::parse_detach_keys(engine::kDefaultDetachKeys) : configured;
}

}  // namespace berth::cli

// Reading berth.conf.
#include "cli/berth/berth_config.hpp"

#include <cstdlib>
#include <fstream>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"

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

}  // namespace

std::string default_ipc_mode(const Globals& g) {
  if (!g.default_ipc_mode.empty()) return g.default_ipc_mode;
  std::string path = config_path(g);
  std::ifstream in(path);
  if (!in) {
    if (!g.config_file.empty()) throw Error(fmt::format("--config {}: cannot open", path), ExitCode::kEngine);
    return "shareable";
  }
  std::string mode = "shareable";
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    std::string t(trim(line));
    if (t.empty() || t[0] == '#') continue;
    auto eq = t.find('=');
    std::string key(trim(t.substr(0, eq))), value(eq == std::string::npos ? "" : trim(t.substr(eq + 1)));
    if (key != "default_ipc_mode")
      throw Error(fmt::format("{}:{}: unknown key \"{}\"", path, line_no, key), ExitCode::kEngine);
    if (value != "shareable" && value != "private")
      throw Error(fmt::format("{}:{}: default_ipc_mode: \"{}\" is not shareable or private", path, line_no, value),
                  ExitCode::kEngine);
    mode = value;
  }
  return mode;
}

}  // namespace berth::cli

// berth.conf: engine defaults read from /etc/berth/berth.conf or $XDG_CONFIG_HOME/berth/berth.conf.
//   # comment
//   default_ipc_mode = private
//   default_runtime = runc
//   detach_keys = ctrl-a,x
#pragma once

#include <string>

#include "cli/berth/command.hpp"

namespace berth::cli {

struct EngineDefaults {
  std::string ipc_mode = "shareable";  // for containers without --ipc
  std::string runtime = "berth";       // for containers without --runtime: in-process
  std::string detach_keys;             // bytes; empty: not set (ctrl-p,ctrl-q)
};

// Each default: the global flag, else the config file, else the built-in value.
// Throws (exit 125) naming the file and line for an unknown key or value.
EngineDefaults engine_defaults(const Globals& g);

// The bytes that detach an attached terminal: --detach-keys `flag` when given, else the config
// file's detach_keys, else ctrl-p,ctrl-q. Throws (exit 125) naming the flag or the file's line.
std::string detach_keys(const Globals& g, const std::string& flag);

}  // namespace berth::cli

// berth.conf: engine defaults read from /etc/berth/berth.conf or $XDG_CONFIG_HOME/berth/berth.conf.
//   # comment
//   default_ipc_mode = private
//   detach_keys = ctrl-a,x
#pragma once

#include <string>

#include "cli/berth/command.hpp"

namespace berth::cli {

// The IPC mode for containers without --ipc: the flag, else the config file, else "shareable".
// Throws (exit 125) naming the file and line for an unknown key or value.
std::string default_ipc_mode(const Globals& g);

// The bytes that detach an attached terminal: --detach-keys `flag` when given, else the config
// file's detach_keys, else ctrl-p,ctrl-q. Throws (exit 125) naming the flag or the file's line.
std::string detach_keys(const Globals& g, const std::string& flag);

}  // namespace berth::cli

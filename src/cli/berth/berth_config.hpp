// berth.conf: engine defaults read from /etc/berth/berth.conf or $XDG_CONFIG_HOME/berth/berth.conf.
//   # comment
//   default_ipc_mode = private
#pragma once

#include <string>

#include "cli/berth/command.hpp"

namespace berth::cli {

// The IPC mode for containers without --ipc: the flag, else the config file, else "shareable".
// Throws (exit 125) naming the file and line for an unknown key or value.
std::string default_ipc_mode(const Globals& g);

}  // namespace berth::cli

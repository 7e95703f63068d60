// Supervising a process in the foreground (run without --detach, exec without --detach):
// forward signals to it, proxy its terminal, and return its exit code.
#pragma once

#include <sys/types.h>

#include "base/unique_fd.hpp"

namespace berth::runtime {

// Blocks the signals supervise() forwards; call before the child is created so none is lost.
void block_forwarded_signals();

// Waits for `pid` (our child) while forwarding SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2 and
// SIGWINCH (as a pty resize) to it. With a pty master, copies our stdin to it and its output
// to our stdout, in raw mode when stdin is a terminal. Returns the shell-style exit code.
int supervise(pid_t pid, UniqueFd pty_master);

}  // namespace berth::runtime

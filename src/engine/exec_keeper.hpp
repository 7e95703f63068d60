// berth exec -it: a keeper process holds the exec'd process's terminal, so that the detach keys
// can leave the process running, as docker's daemon does.
//
// The CLI forks the keeper before the exec. The keeper (its own session, stdio on /dev/null)
// starts the process as its child through the runtime (RuntimeClient::exec_with_terminal), and
// first tells the CLI on their socketpair whether that worked: a kExecStarted frame, or
// kExecFailed with the exit code and the message. Then it speaks the attach protocol
// (attach_socket.hpp) on the same socket: the terminal's output to the CLI while it is attached
// and to nowhere once it has detached, the CLI's input, window size and signals to the
// process, and the exit code at the end, when the keeper exits too.
#pragma once

#include <functional>
#include <string>

#include "base/unique_fd.hpp"
#include "engine/runtime_client.hpp"

namespace berth::engine {

// Runs in the keeper: starts the process with `start`, reports, serves `cli` until the process
// exits. Returns the process's exit code (or the start failure's).
int keep_exec(UniqueFd cli, const std::function<ExecTerminal()>& start);

struct KeeperStart {
  bool started = false;
  int exit_code = 0;     // when not started
  std::string message;  // when not started
};

// In the CLI: the keeper's first frame. A keeper that died without one reads as a failure.
KeeperStart read_keeper_start(int socket);

}  // namespace berth::engine

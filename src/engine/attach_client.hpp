// The client side of the attach socket (protocol in attach_socket.hpp): berth attach and
// berth start -a copy the container's output to ours and our input and signals to it.
#pragma once

#include <optional>
#include <string>

#include "base/unique_fd.hpp"

namespace berth::engine {

struct AttachOptions {
  bool forward_stdin = false;  // our stdin goes to the container's (it was run with -i)
  bool tty = false;            // the container has a terminal: ours goes raw and lends its size
  // Typed on a forwarded stdin with a tty, these bytes detach (docker looks for them only then).
  std::string detach_keys;
  // SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 we receive go to the container.
  bool proxy_signals = false;
};

struct AttachOutcome {
  bool detached = false;          // the detach keys were typed: the container runs on
  std::optional<int> exit_code;   // the container's, when the monitor sent it
};

// Connects to a container's attach socket; throws when nobody listens.
UniqueFd connect_attach_socket(const std::string& path);
// Streams until the container exits (the monitor closes the socket) or the user detaches.
AttachOutcome attach_streams(UniqueFd socket, const AttachOptions& options);

}  // namespace berth::engine

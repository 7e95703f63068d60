// The container's terminal: a pty made inside the container, its master sent to whoever holds
// the console socket (runc's protocol: one SCM_RIGHTS message), its slave made our stdio.
#pragma once

#include <optional>
#include <string>

#include "base/unique_fd.hpp"
#include "oci/spec.hpp"

namespace berth::runtime {

// Connects to the AF_UNIX console socket at `path` (done by the runtime before clone).
UniqueFd connect_console_socket(const std::string& path);
// The console socket to hand to the container: a connection to `path` when given; else, when
// `terminal` and `receiver` is given, one end of a new socketpair whose other end goes to
// *receiver (a foreground run or exec proxying the pty itself); else none.
UniqueFd open_console(const std::string& path, bool terminal, UniqueFd* receiver);

// In the container, after /dev/pts is mounted, in a session leader (become_session_leader):
// opens a pty, sets its size, sends the master over `console_socket`, and makes the slave the
// controlling terminal and fds 0, 1 and 2.
void setup_console(int console_socket, const std::optional<oci::ConsoleSize>& size);

// Every process the runtime starts in a container leads a session of its own, terminal or not
// (runc's init does the same): none stays in the caller's session or process group, where a
// ^C typed at the caller's terminal, or a hang-up, would reach it past the runtime, which
// forwards signals itself. Throws Error if setsid fails.
void become_session_leader();

// Sends one fd with SCM_RIGHTS, and receives it on the other side.
void send_fd(int socket, int fd, const std::string& name);
UniqueFd receive_fd(int socket);

}  // namespace berth::runtime

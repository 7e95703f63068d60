// Unix sockets: connecting to one by path, and passing a file descriptor over one (SCM_RIGHTS).
#pragma once

#include <sys/types.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"

namespace berth {

// A SOCK_STREAM connection to the socket at `path` (close-on-exec). `what` names it in errors:
// "<what> path too long: PATH", "connect <what>: ERRNO (...): PATH".
UniqueFd connect_unix_socket(const std::string& path, std::string_view what);

// One sendmsg of `data` carrying `fd`, retried on EINTR, never raising SIGPIPE. Returns what
// sendmsg returned (-1 with errno set on failure): callers name what they were sending.
ssize_t send_with_fd(int socket, std::string_view data, int fd);
// The same with any number of fds (none is a plain send; at most 253, the kernel's SCM_MAX_FD).
ssize_t send_with_fds(int socket, std::string_view data, std::span<const int> fds);

// One recvmsg of at most `max_data` bytes into `data`, the fds that came with it appended to
// `fds` (close-on-exec), retried on EINTR. Returns what recvmsg returned (0 at EOF, -1 with errno
// set on failure). A message carrying more than 64 fds fails with EMSGSIZE, its fds closed.
ssize_t receive_with_fds(int socket, std::string& data, std::vector<UniqueFd>& fds, size_t max_data);

}  // namespace berth

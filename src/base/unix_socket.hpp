// Unix sockets: connecting to one by path, and passing a file descriptor over one (SCM_RIGHTS).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/unique_fd.hpp"

namespace berth {

// A SOCK_STREAM connection to the socket at `path` (close-on-exec). `what` names it in errors:
// "<what> path too long: PATH", "connect <what>: ERRNO (...): PATH".
UniqueFd connect_unix_socket(const std::string& path, std::string_view what);

// One sendmsg of `data` carrying `fd`, retried on EINTR, never raising SIGPIPE. Returns what
// sendmsg returned (-1 with errno set on failure): callers name what they were sending.
ssize_t send_with_fd(int socket, std::string_view data, int fd);

}  // namespace berth

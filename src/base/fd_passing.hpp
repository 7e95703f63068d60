// Passing a file descriptor over a unix socket (SCM_RIGHTS), with a payload.
#pragma once

#include <sys/types.h>

#include <string_view>

namespace berth {

// One sendmsg of `data` carrying `fd`, retried on EINTR, never raising SIGPIPE. Returns what
// sendmsg returned (-1 with errno set on failure): callers name what they were sending.
ssize_t send_with_fd(int socket, std::string_view data, int fd);

}  // namespace berth

// ch6_ipc::Error: a failed call as data (errno and what was tried), printed as one line.
#pragma once

#include <cerrno>
#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace ch6_ipc {

struct Error {
  int err = 0;
  std::string op;  // what failed, with the object it concerned: "mq_open /ch6_ipc"

  // "mq_open /ch6_ipc: ENOENT (No such file or directory)"
  std::string render() const;
  // The same error inside what was being done: "wait" within "receive" is "receive: wait".
  Error context(std::string_view outer) const { return {err, std::string(outer) + ": " + op}; }
};

template <typename T = void>
using Result = std::expected<T, Error>;

// An Error from errno as the failing call left it.
inline std::unexpected<Error> errno_error(std::string op) {
  return std::unexpected(Error{errno, std::move(op)});
}

inline std::unexpected<Error> error(int err, std::string op) {
  return std::unexpected(Error{err, std::move(op)});
}

// A wait given up because SIGTERM or SIGINT asked the process to stop.
inline bool is_stop(const Error& e) { return e.err == EINTR; }

}  // namespace ch6_ipc

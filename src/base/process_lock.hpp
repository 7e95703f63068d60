// ProcessLock: an exclusive POSIX record lock (fcntl F_SETLKW) on a whole file.
//
// Unlike flock(2), the lock belongs to the process that took it, not to its open file: a child
// (a container's init cloned from the monitor, waiting to be started) does not inherit it, so
// it ends with its taker, also when the taker is SIGKILLed. The kernel releases it when the
// taker closes any fd of the file: take at most one per file per process.
#pragma once

#include <optional>
#include <string>

#include "base/unique_fd.hpp"

namespace berth {

class ProcessLock {
 public:
  // Blocks until the lock on `path` is ours; nullopt when `path`'s directory does not exist.
  static std::optional<ProcessLock> acquire(const std::string& path);
  // Like acquire, but nullopt at once when another process holds it.
  static std::optional<ProcessLock> try_acquire(const std::string& path);

 private:
  explicit ProcessLock(UniqueFd fd) : fd_(std::move(fd)) {}
  static std::optional<ProcessLock> take(const std::string& path, bool wait);
  UniqueFd fd_;
};

}  // namespace berth

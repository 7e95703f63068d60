// FileLock: an exclusive flock(2) on a file, held for the object's lifetime.
#pragma once

#include <string>

#include "base/unique_fd.hpp"

namespace berth {

class FileLock {
 public:
  // Blocks until the lock on `path` (created if missing) is ours.
  explicit FileLock(const std::string& path);

 private:
  UniqueFd fd_;
};

}  // namespace berth

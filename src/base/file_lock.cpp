// FileLock: exclusive flock(2); released when the fd closes, also when the holder dies.
#include "base/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include "base/error.hpp"

namespace berth {

FileLock::FileLock(const std::string& path)
    : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
  if (!fd_) throw Error::last_errno("open lock", path);
  while (::flock(fd_.get(), LOCK_EX) != 0) {
    if (errno != EINTR) throw Error::last_errno("flock", path);
  }
}

}  // namespace berth

// ProcessLock: a POSIX record lock, owned by the process.
#include "base/process_lock.hpp"

#include <fcntl.h>

#include "base/error.hpp"

namespace berth {

std::optional<ProcessLock> ProcessLock::acquire(const std::string& path) { return take(path, true); }

std::optional<ProcessLock> ProcessLock::try_acquire(const std::string& path) { return take(path, false); }

std::optional<ProcessLock> ProcessLock::take(const std::string& path, bool wait) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd && errno == ENOENT) return std::nullopt;
  if (!fd) throw Error::last_errno("open lock", path);
  struct flock whole = {};
  whole.l_type = F_WRLCK;
  whole.l_whence = SEEK_SET;
  while (::fcntl(fd.get(), wait ? F_SETLKW : F_SETLK, &whole) != 0) {
    if (errno == EINTR) continue;
    if (!wait && (errno == EAGAIN || errno == EACCES)) return std::nullopt;
    throw Error::last_errno("lock", path);
  }
  return ProcessLock(std::move(fd));
}

}  // namespace berth

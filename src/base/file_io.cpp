// Whole-file reads and crash-safe writes.
#include "base/file_io.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>  // renameat2

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace berth {

std::string read_fd(int fd) {
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error::last_errno("read");
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::string read_file(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw Error::last_errno("open", path);
  try {
    return read_fd(fd.get());
  } catch (Error& e) {
    throw std::move(e).context(path);
  }
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error::last_errno("write");
    data.remove_prefix(static_cast<size_t>(n));
  }
}

void write_file(const std::string& path, std::string_view data) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) throw Error::last_errno("open", path);
  ssize_t n = ::write(fd.get(), data.data(), data.size());
  if (n < 0) throw Error::last_errno("write", path);
}

void write_file_atomic(const std::string& path, std::string_view data, unsigned mode,
                       Durability durability) {
  std::string tmp = path + ".tmp";
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
  if (!fd) throw Error::last_errno("create", tmp);
  try {
    write_all(fd.get(), data);
  } catch (Error& e) {
    ::unlink(tmp.c_str());
    throw std::move(e).context(tmp);
  }
  if (durability == Durability::kSurvivesPowerLoss && ::fsync(fd.get()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw Error::from_errno(err, "fsync", tmp);
  }
  fd.reset();
  if (durability == Durability::kLiveState) {
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) == 0) {
      ::unlink(tmp.c_str());  // now the old content
      return;
    }
    // ENOENT: nothing to exchange with yet (the first write); EINVAL: a filesystem without
    // RENAME_EXCHANGE. A plain rename does then.
    if (errno != ENOENT && errno != EINVAL) {
      int err = errno;
      ::unlink(tmp.c_str());
      throw Error::from_errno(err, "rename", path);
    }
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw Error::from_errno(err, "rename", path);
  }
}

void mkdir_all(const std::string& path, unsigned mode) {
  if (path.empty()) return;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return;
    throw Error::from_errno(ENOTDIR, "mkdir", path);
  }
  auto slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) mkdir_all(path.substr(0, slash), mode);
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) throw Error::last_errno("mkdir", path);
}

UniqueFd make_memfd(const char* name) {
  UniqueFd fd(static_cast<int>(::memfd_create(name, MFD_CLOEXEC)));
  if (!fd) throw Error::last_errno("memfd_create", name);
  return fd;
}

std::string read_from_start(const UniqueFd& fd) {
  if (!fd) return "";
  ::lseek(fd.get(), 0, SEEK_SET);
  return read_fd(fd.get());
}

std::pair<UniqueFd, UniqueFd> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error::last_errno("pipe");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

bool path_exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace berth

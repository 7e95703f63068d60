// Symlink-safe tree copy and removal relative to directory fds.
#include "base/tree_copy.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/safe_path.hpp"
#include "base/unique_fd.hpp"

namespace berth {
namespace {

// The names in a directory, read through a fresh fd so the caller's offset is untouched.
std::vector<std::string> entry_names(int dir_fd) {
  int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error::last_errno("open directory");
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    throw Error::last_errno("fdopendir");
  }
  std::unique_ptr<DIR, int (*)(DIR*)> guard(d, ::closedir);
  std::vector<std::string> names;
  errno = 0;
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(std::move(n));
  }
  if (errno != 0) throw Error::last_errno("readdir");
  return names;
}

struct stat stat_at(int dir_fd, const std::string& name, const std::string& path) {
  struct stat st;
  if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) throw Error::last_errno("stat", path);
  return st;
}

UniqueFd open_at(int dir_fd, const std::string& name, int flags, const std::string& path, mode_t mode = 0) {
  UniqueFd fd(::openat(dir_fd, name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode));
  if (!fd) throw Error::last_errno("open", path);
  return fd;
}

void copy_data(int src, int dst, const std::string& path) {
  // sendfile copies between any two files without a trip through user space.
  for (;;) {
    ssize_t n = ::sendfile(dst, src, nullptr, 1 << 30);
    if (n == 0) return;
    if (n > 0) continue;
    if (errno == EINTR) continue;
    if (errno != EINVAL && errno != ENOSYS) throw Error::last_errno("copy", path);
    break;
  }
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(src, buf, sizeof buf);
    if (n == 0) return;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error::last_errno("read", path);
    }
    write_all(dst, std::string_view(buf, static_cast<size_t>(n)));
  }
}

// Best effort, as docker does: a destination that does not take an attribute (no xattr
// support, a security.* name we may not set) still gets the file.
void copy_xattrs(int src, int dst) {
  ssize_t size = ::flistxattr(src, nullptr, 0);
  if (size <= 0) return;
  std::string names(static_cast<size_t>(size), '\0');
  size = ::flistxattr(src, names.data(), names.size());
  if (size <= 0) return;
  names.resize(static_cast<size_t>(size));
  for (size_t pos = 0; pos < names.size(); pos = names.find('\0', pos) + 1) {
    const char* name = names.c_str() + pos;
    ssize_t len = ::fgetxattr(src, name, nullptr, 0);
    if (len < 0) continue;
    std::string value(static_cast<size_t>(len), '\0');
    len = ::fgetxattr(src, name, value.data(), value.size());
    if (len < 0) continue;
    ::fsetxattr(dst, name, value.data(), static_cast<size_t>(len), 0);
  }
}

// Owner first: chown clears the set-id bits and file capabilities, which are restored after.
void copy_metadata(int src, int dst, const struct stat& st, const std::string& path) {
  if (::fchown(dst, st.st_uid, st.st_gid) != 0) throw Error::last_errno("chown", path);
  if (::fchmod(dst, st.st_mode & 07777) != 0) throw Error::last_errno("chmod", path);
  copy_xattrs(src, dst);
  timespec times[2] = {st.st_atim, st.st_mtim};
  ::futimens(dst, times);
}

class TreeCopier {
 public:
  explicit TreeCopier(int dst_root) : dst_root_(dst_root) {}

  void copy_dir(int src, int dst, const std::string& rel) {
    for (const auto& name : entry_names(src)) copy_entry(src, dst, name, rel + "/" + name);
  }

 private:
  void copy_entry(int src, int dst, const std::string& name, const std::string& rel) {
    struct stat st = stat_at(src, name, rel);
    if (S_ISDIR(st.st_mode)) return copy_subdir(src, dst, name, st, rel);
    if (S_ISREG(st.st_mode)) return copy_file(src, dst, name, st, rel);
    if (S_ISLNK(st.st_mode)) return copy_symlink(src, dst, name, st, rel);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode)) return copy_node(dst, name, st, rel);
    // Sockets belong to a process that is not running here: nothing to copy.
  }

  void copy_subdir(int src, int dst, const std::string& name, const struct stat& st, const std::string& rel) {
    UniqueFd from = open_at(src, name, O_RDONLY | O_DIRECTORY, rel);
    if (::mkdirat(dst, name.c_str(), 0700) != 0) throw Error::last_errno("mkdir", rel);
    UniqueFd to = open_at(dst, name, O_RDONLY | O_DIRECTORY, rel);
    copy_dir(from.get(), to.get(), rel);
    // Mode and times last: a read-only directory is still filled, and filling it moved its mtime.
    copy_metadata(from.get(), to.get(), st, rel);
  }

  void copy_file(int src, int dst, const std::string& name, const struct stat& st, const std::string& rel) {
    if (st.st_nlink > 1 && link_to_earlier_copy(dst, name, st, rel)) return;
    UniqueFd from = open_at(src, name, O_RDONLY, rel);
    UniqueFd to = open_at(dst, name, O_WRONLY | O_CREAT | O_EXCL, rel, 0600);
    copy_data(from.get(), to.get(), rel);
    copy_metadata(from.get(), to.get(), st, rel);
    if (st.st_nlink > 1) copies_[{st.st_dev, st.st_ino}] = rel;
  }

  // The first copy is found again by its path inside the destination, confined to it.
  bool link_to_earlier_copy(int dst, const std::string& name, const struct stat& st, const std::string& rel) {
    auto it = copies_.find({st.st_dev, st.st_ino});
    if (it == copies_.end()) return false;
    UniqueFd first = open_in_root(dst_root_, it->second, O_PATH | O_NOFOLLOW);
    // Through /proc: linkat(AT_EMPTY_PATH) would need CAP_DAC_READ_SEARCH.
    if (::linkat(AT_FDCWD, fd_path(first.get()).c_str(), dst, name.c_str(), AT_SYMLINK_FOLLOW) != 0)
      throw Error::last_errno("link", rel);
    return true;
  }

  void copy_symlink(int src, int dst, const std::string& name, const struct stat& st, const std::string& rel) {
    // st_size is the target's length on most filesystems, 0 on some: never trust it alone.
    std::string target(std::max<size_t>(static_cast<size_t>(st.st_size) + 1, 4096), '\0');
    ssize_t n = ::readlinkat(src, name.c_str(), target.data(), target.size());
    if (n < 0) throw Error::last_errno("readlink", rel);
    target.resize(static_cast<size_t>(n));
    if (::symlinkat(target.c_str(), dst, name.c_str()) != 0) throw Error::last_errno("symlink", rel);
    if (::fchownat(dst, name.c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0)
      throw Error::last_errno("chown", rel);
    timespec times[2] = {st.st_atim, st.st_mtim};
    ::utimensat(dst, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
  }

  // A device or fifo cannot be opened without side effects: it is changed through an O_PATH
  // fd, checked to be the node just made.
  void copy_node(int dst, const std::string& name, const struct stat& st, const std::string& rel) {
    if (::mknodat(dst, name.c_str(), (st.st_mode & S_IFMT) | 0600, st.st_rdev) != 0)
      throw Error::last_errno("mknod", rel);
    UniqueFd node = open_at(dst, name, O_PATH, rel);
    struct stat made;
    if (::fstat(node.get(), &made) != 0 || (made.st_mode & S_IFMT) != (st.st_mode & S_IFMT))
      throw Error::from_errno(EEXIST, "mknod", rel);
    if (::fchownat(node.get(), "", st.st_uid, st.st_gid, AT_EMPTY_PATH) != 0) throw Error::last_errno("chown", rel);
    if (::fchmodat(AT_FDCWD, fd_path(node.get()).c_str(), st.st_mode & 07777, 0) != 0)
      throw Error::last_errno("chmod", rel);
  }

  int dst_root_;
  std::map<std::pair<dev_t, ino_t>, std::string> copies_;  // hard-linked sources -> first copy
};

}  // namespace

void copy_tree_contents(int src_dir, int dst_dir) { TreeCopier(dst_dir).copy_dir(src_dir, dst_dir, ""); }

void copy_owner_and_mode(int src, int dst) {
  struct stat st;
  if (::fstat(src, &st) != 0) throw Error::last_errno("stat");
  if (::fchown(dst, st.st_uid, st.st_gid) != 0) throw Error::last_errno("chown");
  if (::fchmod(dst, st.st_mode & 07777) != 0) throw Error::last_errno("chmod");
}

bool dir_is_empty(int dir_fd) { return entry_names(dir_fd).empty(); }

void remove_tree_contents(int dir_fd) {
  for (const auto& name : entry_names(dir_fd)) {
    struct stat st = stat_at(dir_fd, name, name);
    if (S_ISDIR(st.st_mode)) {
      UniqueFd sub = open_at(dir_fd, name, O_RDONLY | O_DIRECTORY, name);
      remove_tree_contents(sub.get());
    }
    if (::unlinkat(dir_fd, name.c_str(), S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) != 0)
      throw Error::last_errno("remove", name);
  }
}

}  // namespace berth

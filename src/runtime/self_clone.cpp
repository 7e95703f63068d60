// CVE-2019-5736: re-exec from a read-only view of our binary (a private overlay) or, where the
// kernel cannot make one, from a sealed memfd copy of it.
#include "runtime/self_clone.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace berth::runtime {
namespace {

constexpr unsigned kSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

bool running_from_sealed_copy() {
  UniqueFd self(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
  if (!self) return false;
  int seals = ::fcntl(self.get(), F_GET_SEALS);
  if (seals >= 0 && (static_cast<unsigned>(seals) & kSeals) == kSeals) return true;
  struct statfs fs;
  return ::fstatfs(self.get(), &fs) == 0 && fs.f_type == OVERLAYFS_SUPER_MAGIC && (fs.f_flags & ST_RDONLY);
}

// A read-only overlay of the binary's directory, never attached to any mount tree: it lives as
// long as something (the exec'd image) holds it. Writing through /proc/<pid>/exe then fails with
// EROFS, and, unlike a memfd copy, the pages are the original file's page cache, shared by every
// process running the binary. overlayfs wants two lower layers when it has no upper: the second
// is an empty tmpfs, itself detached. Returns an invalid fd where the kernel cannot do this.
UniqueFd open_through_readonly_overlay(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos || slash + 1 == path.size()) return {};
  std::string dir = slash == 0 ? "/" : path.substr(0, slash);
  std::string name = path.substr(slash + 1);
  UniqueFd tmpfs_ctx(::fsopen("tmpfs", FSOPEN_CLOEXEC));
  if (!tmpfs_ctx || ::fsconfig(tmpfs_ctx.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0) return {};
  UniqueFd empty(::fsmount(tmpfs_ctx.get(), FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY));
  if (!empty) return {};
  UniqueFd ctx(::fsopen("overlay", FSOPEN_CLOEXEC));
  if (!ctx) return {};
  std::string empty_path = fmt::format("/proc/self/fd/{}", empty.get());
  if (::fsconfig(ctx.get(), FSCONFIG_SET_STRING, "lowerdir+", dir.c_str(), 0) != 0 ||
      ::fsconfig(ctx.get(), FSCONFIG_SET_STRING, "lowerdir+", empty_path.c_str(), 0) != 0 ||
      ::fsconfig(ctx.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
    return {};
  UniqueFd view(::fsmount(ctx.get(), FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOSUID));
  if (!view) return {};
  return UniqueFd(::openat(view.get(), name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
}

std::string real_path_of(const char* path) {
  if (std::string(path) != "/proc/self/exe") return path;
  char buf[4096];
  ssize_t n = ::readlink(path, buf, sizeof buf - 1);
  if (n <= 0) return {};
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace

UniqueFd open_sealed_view(const char* path) {
  // An absolute path is needed: the overlay is of the binary's directory.
  std::string real = real_path_of(path);
  if (real.starts_with("/")) {
    // None where the kernel cannot make one, e.g. on a filesystem overlayfs refuses: copy then.
    if (UniqueFd view = open_through_readonly_overlay(real)) return view;
  }
  UniqueFd self(::open(path, O_RDONLY | O_CLOEXEC));
  if (!self) throw Error::last_errno("open", path);
  struct stat st;
  if (::fstat(self.get(), &st) != 0) throw Error::last_errno("stat", path);
  UniqueFd copy(::memfd_create("berth", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!copy) throw Error::last_errno("memfd_create");
  off_t offset = 0;
  while (offset < st.st_size) {
    ssize_t n = ::sendfile(copy.get(), self.get(), &offset, static_cast<size_t>(st.st_size - offset));
    if (n <= 0) throw Error::last_errno("copy", path);
  }
  if (::fcntl(copy.get(), F_ADD_SEALS, kSeals) != 0) throw Error::last_errno("seal", "memfd");
  return copy;
}

void exec_sealed_copy(const char* path, char** argv, char** envp) {
  UniqueFd view = open_sealed_view(path);
  ::fexecve(view.get(), argv, envp);
  throw Error::last_errno("fexecve", std::string("sealed copy of ") + path);
}

void ensure_sealed_self(char** argv, char** envp) {
  if (running_from_sealed_copy()) return;
  exec_sealed_copy("/proc/self/exe", argv, envp);
}

}  // namespace berth::runtime

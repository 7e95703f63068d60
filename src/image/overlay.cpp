// Overlay mounts through the new mount API: one fsconfig("lowerdir+") per layer, then fsmount and
// move_mount onto the target.
#include "image/overlay.hpp"

#include <fcntl.h>
#include <cerrno>
#include <fmt/core.h>
#include <sys/mount.h>
#include <unistd.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/unique_fd.hpp"

namespace berth::image {
namespace {

// The kernel explains a refused overlay (e.g. "overlapping lowerdir path") on the fs context fd.
std::string kernel_messages(int fs_fd) {
  std::string out;
  char buf[512];
  for (;;) {
    ssize_t n = ::read(fs_fd, buf, sizeof buf - 1);
    if (n <= 0) break;
    if (!out.empty()) out += "; ";
    out.append(buf, static_cast<size_t>(n));
    while (!out.empty() && out.back() == '\n') out.pop_back();
  }
  return out;
}

[[noreturn]] void fail(int fs_fd, std::string_view op, const std::string& target) {
  Error e = Error::last_errno(std::string(op), target);
  std::string kernel = fs_fd >= 0 ? kernel_messages(fs_fd) : std::string();
  if (!kernel.empty()) e = Error(fmt::format("{} ({})", e.message(), kernel));
  throw std::move(e).context("mount overlay").with_exit_code(ExitCode::kEngine);
}

void set_string(int fs_fd, const char* key, const std::string& value, const std::string& target) {
  if (::fsconfig(fs_fd, FSCONFIG_SET_STRING, key, value.c_str(), 0) != 0)
    fail(fs_fd, fmt::format("{}={}", key, value), target);
}

std::string parent_dir(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The kernel marks a workdir once mounted volatile (work/incompat/volatile/dirty) and refuses it
// afterwards, so that a user notices a layer that may have missed writes in a crash. Berth syncs
// every layer it keeps before unmounting it (sync_upper), so the mark is expected and cleared.
void clear_volatile_mark(const std::string& work) {
  const std::string mark = work + "/work/incompat/volatile";
  auto fail_unless_absent = [](int rc, const char* op, const std::string& path) {
    if (rc != 0 && errno != ENOENT)
      throw Error::last_errno(op, path).context("mount overlay").with_exit_code(ExitCode::kEngine);
  };
  fail_unless_absent(::unlink((mark + "/dirty").c_str()), "unlink", mark + "/dirty");
  fail_unless_absent(::rmdir(mark.c_str()), "rmdir", mark);
}

}  // namespace

void mount_overlay(const OverlayPaths& paths, const std::string& target) {
  mkdir_all(target);
  std::vector<std::string> lower = paths.lower;
  if (lower.empty()) {
    // overlayfs needs a lower layer; an empty one beside the workdir stands in.
    std::string empty = parent_dir(paths.work) + "/empty-lower";
    mkdir_all(empty, 0755);
    lower.push_back(empty);
  }
  clear_volatile_mark(paths.work);
  UniqueFd fs(::fsopen("overlay", FSOPEN_CLOEXEC));
  if (!fs) fail(-1, "fsopen", target);
  // "lowerdir+" takes the topmost layer first, like the colon-separated lowerdir=.
  for (auto it = lower.rbegin(); it != lower.rend(); ++it)
    set_string(fs.get(), "lowerdir+", *it, target);
  set_string(fs.get(), "upperdir", paths.upper, target);
  set_string(fs.get(), "workdir", paths.work, target);
  if (::fsconfig(fs.get(), FSCONFIG_SET_FLAG, "volatile", nullptr, 0) != 0) fail(fs.get(), "volatile", target);
  if (::fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
    fail(fs.get(), "create", target);
  UniqueFd mnt(::fsmount(fs.get(), FSMOUNT_CLOEXEC, 0));
  if (!mnt) fail(fs.get(), "fsmount", target);
  if (::move_mount(mnt.get(), "", AT_FDCWD, target.c_str(), MOVE_MOUNT_F_EMPTY_PATH) != 0)
    fail(-1, "move_mount", target);
}

void sync_upper(const std::string& upper) {
  UniqueFd dir(::open(upper.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) throw Error::last_errno("open", upper).context("sync container layer");
  if (::syncfs(dir.get()) != 0) throw Error::last_errno("syncfs", upper).context("sync container layer");
}

void unmount_rootfs(const std::string& target) {
  if (::umount2(target.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0) return;
  // Not a mount point, or gone: nothing to undo.
  if (errno == EINVAL || errno == ENOENT) return;
  throw Error::last_errno("unmount", target).with_exit_code(ExitCode::kEngine);
}

}  // namespace berth::image

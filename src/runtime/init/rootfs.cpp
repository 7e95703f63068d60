// The rootfs: propagation, self bind mount, pivot_root, and the post-pivot finishing touches.
#include "runtime/init/rootfs.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "runtime/init/mount_options.hpp"
#include "runtime/mountinfo.hpp"

namespace berth::runtime {
namespace {

void do_mount(const char* source, const std::string& target, const char* type, unsigned long flags,
              const char* data, const std::string& what) {
  if (::mount(source, target.c_str(), type, flags, data) != 0) throw Error::last_errno(what, target);
}

// Flags of an existing mount that an unprivileged remount may not clear (locked by the kernel
// when the mount came from a more privileged namespace).
unsigned long locked_flags(const std::string& path) {
  struct statvfs st;
  if (::statvfs(path.c_str(), &st) != 0) return 0;
  unsigned long out = 0;
  if (st.f_flag & ST_NOSUID) out |= MS_NOSUID;
  if (st.f_flag & ST_NODEV) out |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC) out |= MS_NOEXEC;
  if (st.f_flag & ST_RDONLY) out |= MS_RDONLY;
  return out;
}

// pivot_root refuses a new root whose parent mount is shared: make that parent private.
void make_parent_mount_private(const std::string& rootfs) {
  auto mp = mount_point_containing(rootfs);
  if (mp.empty()) return;
  if (::mount(nullptr, mp.c_str(), nullptr, MS_PRIVATE, nullptr) != 0 && errno != EINVAL)
    throw Error::last_errno("make parent mount private", mp);
}

}  // namespace

UniqueFd prepare_rootfs(const oci::Spec& spec, const std::string& rootfs) {
  unsigned long flag = MS_SLAVE | MS_REC;
  if (spec.linux_ && !spec.linux_->rootfs_propagation.empty())
    flag = propagation_flag(spec.linux_->rootfs_propagation);
  do_mount(nullptr, "/", nullptr, flag, nullptr, "set propagation of");
  if ((flag & MS_SHARED) != 0) make_parent_mount_private(rootfs);
  do_mount(rootfs.c_str(), rootfs, nullptr, MS_BIND | MS_REC, nullptr, "bind rootfs onto itself");
  UniqueFd fd(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd) throw Error::last_errno("open rootfs", rootfs);
  return fd;
}

void enter_rootfs(const std::string& rootfs, bool no_pivot) {
  if (::chdir(rootfs.c_str()) != 0) throw Error::last_errno("chdir", rootfs);
  if (no_pivot) {
    do_mount(rootfs.c_str(), "/", nullptr, MS_MOVE, nullptr, "move rootfs to");
    if (::chroot(".") != 0) throw Error::last_errno("chroot", rootfs);
  } else {
    // pivot_root(".", ".") stacks the old root on top of the new one; detaching it leaves the
    // new root alone, with no directory needed inside the rootfs (runc's trick).
    if (::syscall(SYS_pivot_root, ".", ".") != 0) throw Error::last_errno("pivot_root", rootfs);
    // Make the old root a slave first so unmounting it does not propagate to the host.
    do_mount(nullptr, ".", nullptr, MS_SLAVE | MS_REC, nullptr, "set propagation of old root");
    if (::umount2(".", MNT_DETACH) != 0) throw Error::last_errno("unmount old root", rootfs);
  }
  if (::chdir("/") != 0) throw Error::last_errno("chdir", "/");
}

void apply_root_propagation(const oci::Spec& spec) {
  if (!spec.linux_ || spec.linux_->rootfs_propagation.empty()) return;
  do_mount(nullptr, "/", nullptr, propagation_flag(spec.linux_->rootfs_propagation), nullptr,
           "set rootfsPropagation of");
}

void mask_paths(const std::vector<std::string>& paths) {
  for (const auto& p : paths) {
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) {
      if (errno == ENOENT) continue;  // nothing there to hide
      throw Error::last_errno("mask", p);
    }
    if (S_ISDIR(st.st_mode))
      do_mount("tmpfs", p, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0k", "mask");
    else
      do_mount("/dev/null", p, nullptr, MS_BIND, nullptr, "mask");
  }
}

void make_paths_readonly(const std::vector<std::string>& paths) {
  for (const auto& p : paths) {
    if (::mount(p.c_str(), p.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
      if (errno == ENOENT) continue;
      throw Error::last_errno("bind read-only path", p);
    }
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | (locked_flags(p) & ~MS_RDONLY);
    do_mount(nullptr, p, nullptr, flags, nullptr, "remount read-only");
  }
}

void remount_root_readonly() {
  unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | (locked_flags("/") & ~MS_RDONLY);
  do_mount(nullptr, "/", nullptr, flags, nullptr, "remount root read-only");
}

void write_sysctls(const std::map<std::string, std::string>& sysctl) {
  for (const auto& [key, value] : sysctl) {
    std::string path = "/proc/sys/" + key;
    for (size_t i = 10; i < path.size(); ++i)
      if (path[i] == '.') path[i] = '/';
    try {
      write_file(path, value);
    } catch (Error& e) {
      throw std::move(e).context(fmt::format("sysctl {}={}", key, value));
    }
  }
}

void validate_sysctls(const oci::Spec& spec) {
  if (!spec.linux_) return;
  auto owns = [&](const char* type) {
    const oci::Namespace* ns = spec.find_namespace(type);
    return ns != nullptr;  // new or joined: either way not the host's
  };
  for (const auto& [key, value] : spec.linux_->sysctl) {
    std::string where = fmt::format("config.json: linux.sysctl.{}", key);
    bool ipc = key == "kernel.msgmax" || key == "kernel.msgmnb" || key == "kernel.msgmni" ||
               key == "kernel.sem" || key == "kernel.shmall" || key == "kernel.shmmax" ||
               key == "kernel.shmmni" || key == "kernel.shm_rmid_forced" || key.starts_with("fs.mqueue.");
    if (ipc) {
      if (!owns("ipc")) throw Error(where + ": sysctl is in the ipc namespace, but the container shares the host's");
      continue;
    }
    if (key.starts_with("net.")) {
      if (!owns("network"))
        throw Error(where + ": sysctl is in the network namespace, but the container shares the host's");
      continue;
    }
    if (key == "kernel.hostname" || key == "kernel.domainname") {
      if (!owns("uts")) throw Error(where + ": sysctl is in the uts namespace, but the container shares the host's");
      continue;
    }
    throw Error(where + ": sysctl is not in a namespace the container owns and would change the host");
  }
}

}  // namespace berth::runtime

// A private mount namespace holding the container's rootfs and its mounts, for `berth cp`.
#include "engine/copy_view.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <linux/mount.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "base/error.hpp"
#include "base/safe_path.hpp"
#include "engine/etc_files.hpp"
#include "image/overlay.hpp"

namespace berth::engine {
namespace {

void enter_private_namespace() {
  if (::unshare(CLONE_NEWNS) != 0) throw Error::last_errno("unshare mount namespace");
  // Private, so that what this copy mounts never propagates to the host (or back).
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    throw Error::last_errno("make mounts private", "/");
}

// The container's rootfs when a start has it mounted (in the current namespace): the mount
// point lies on another device than its run dir. Held open, it cannot go while we copy.
UniqueFd open_mounted_rootfs(const Paths& p, const std::string& id) {
  std::string path = p.rootfs(id);
  UniqueFd root(::open(path.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  struct stat self, parent;
  if (!root || ::fstat(root.get(), &self) != 0 || ::stat(p.run_dir(id).c_str(), &parent) != 0 ||
      self.st_dev == parent.st_dev)
    return {};
  return root;
}

std::string read_fd_link(int fd) {
  std::string target(4096, '\0');
  ssize_t n = ::readlink(fd_path(fd).c_str(), target.data(), target.size());
  if (n < 0) throw Error::last_errno("readlink", fd_path(fd));
  target.resize(static_cast<size_t>(n));
  return target;
}

// docker mounts shallower destinations first, so that /a/b lands on the volume at /a.
std::vector<MountSpec> mounts_in_order(const ContainerRecord& r) {
  std::vector<MountSpec> out;
  for (const auto& m : r.host_config.mounts)
    if (m.type == "bind" || m.type == "volume") out.push_back(m);
  std::stable_sort(out.begin(), out.end(), [](const MountSpec& a, const MountSpec& b) {
    return path_components(a.destination).size() < path_components(b.destination).size();
  });
  return out;
}

}  // namespace

CopyView::CopyView(const ContainerStore& store, const ContainerRecord& record,
                   const std::string& ref)
    : store_(store), record_(record), ref_(ref) {
  UniqueFd host_namespace(::open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC));
  if (!host_namespace) throw Error::last_errno("open", "/proc/self/ns/mnt");
  // A start or an exit may come between looking and acting: a few rounds settle it.
  for (int round = 0; !root_; ++round) {
    if (round == 5)
      throw Error(fmt::format("container {} keeps starting and stopping: try again", ref_));
    if (attach_running_rootfs(host_namespace.get())) break;
    starting_ = store_.start_lock(record_.id);
    std::optional<ContainerRecord> now = starting_ ? store_.load(record_.id) : std::nullopt;
    if (!now) throw Error(fmt::format("No such container: {}", ref_));
    record_ = std::move(*now);
    // Started while we waited for the lock: its mount is the one to use.
    if (open_mounted_rootfs(store_.paths(), record_.id)) {
      starting_.reset();
      continue;
    }
    mount_stopped_rootfs();
  }
  root_path_ = read_fd_link(root_.get());
  mount_container_mounts();
}

// Called in the host's namespace; true (and in the private one) when the rootfs is mounted.
bool CopyView::attach_running_rootfs(int host_namespace) {
  if (!open_mounted_rootfs(store_.paths(), record_.id)) return false;
  enter_private_namespace();
  root_ = open_mounted_rootfs(store_.paths(), record_.id);
  if (root_) return true;
  // It stopped between the two looks: back to the host's namespace, to take the stopped path.
  if (::setns(host_namespace, CLONE_NEWNS) != 0)
    throw Error::last_errno("setns", "host mount namespace");
  return false;
}

void CopyView::mount_stopped_rootfs() {
  enter_private_namespace();
  own_rootfs_.emplace(store_.paths(), record_);
  root_.reset(::fcntl(own_rootfs_->fd(), F_DUPFD_CLOEXEC, 3));
  if (!root_) throw Error::last_errno("dup", "rootfs");
}

void CopyView::mount_container_mounts() {
  const Paths& p = store_.paths();
  for (const auto& m : mounts_in_order(record_)) {
    std::string source = m.type == "volume" ? p.volume_data(m.source) : m.source;
    bind(source, m.destination, m.recursive, m.read_only);
  }
  for (const auto& f : etc_files(p, record_)) bind(f.source, f.destination, false, false);
}

void CopyView::bind(const std::string& source, const std::string& destination, bool recursive,
                    bool read_only) {
  struct stat st;
  // A bind source deleted since, or /etc files not written yet (never started): docker's cp
  // shows what the rootfs has there.
  if (::stat(source.c_str(), &st) != 0) return;
  try {
    UniqueFd target = S_ISDIR(st.st_mode) ? mkdir_all_in_root(root_.get(), destination)
                                          : create_file_in_root(root_.get(), destination);
    if (::mount(source.c_str(), fd_path(target.get()).c_str(), nullptr,
                MS_BIND | (recursive ? MS_REC : 0), nullptr) != 0)
      throw Error::last_errno("bind", source);
    if (!read_only) return;
    // The fd of the new mount, not of the directory beneath it.
    UniqueFd mounted = open_in_root(root_.get(), destination, O_PATH);
    mount_attr attr{};
    attr.attr_set = MOUNT_ATTR_RDONLY;
    if (::syscall(SYS_mount_setattr, mounted.get(), "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
                  sizeof attr) != 0)
      throw Error::last_errno("make read-only", destination);
  } catch (Error& e) {
    throw std::move(e).context(fmt::format("mount {} for the copy", destination));
  }
}

std::string CopyView::container_path(int fd) const {
  std::string path = read_fd_link(fd);
  if (path == root_path_) return "/";
  if (path.starts_with(root_path_ + "/")) return path.substr(root_path_.size());
  throw Error(fmt::format("{} is outside the container's root", path));
}

void CopyView::sync_layer() const {
  if (own_rootfs_) image::sync_upper(store_.paths().upper(record_.id));
}

}  // namespace berth::engine

// Packing a container's merged rootfs, mounted by its start or for the copy.
#include "engine/container_export.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "engine/container_rootfs.hpp"
#include "image/layer_pack.hpp"

namespace berth::engine {
namespace {

// The rootfs while it is mounted, held open: an unmount by the container's exit (a lazy detach)
// cannot take it away while it is packed.
UniqueFd open_mounted_rootfs(const Paths& p, const std::string& id) {
  std::string path = p.rootfs(id);
  UniqueFd root(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  struct stat self, parent;
  // What was opened is the mount only when it lies on another device than the run dir (not
  // mounted, or unmounted before the open: the empty mount point).
  if (!root || ::fstat(root.get(), &self) != 0 || ::stat(p.run_dir(id).c_str(), &parent) != 0 ||
      self.st_dev == parent.st_dev)
    return {};
  return root;
}

// The copy's mount is made in a mount namespace of this process alone, so that it goes with the
// process however that ends (^C, a reader that went away: SIGPIPE) and is never left over a
// stopped container. Private propagation keeps it from reaching the host's namespace.
void own_mount_namespace() {
  if (::unshare(CLONE_NEWNS) != 0) throw Error::last_errno("unshare", "mount namespace");
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    throw Error::last_errno("make mounts private", "/");
}

}  // namespace

void export_container(const ContainerStore& store, const std::string& id, int out_fd) {
  const Paths& p = store.paths();
  if (UniqueFd live = open_mounted_rootfs(p, id)) {
    image::pack_tree(live.get(), p.rootfs(id), out_fd);
    return;
  }
  std::optional<ProcessLock> starting = store.start_lock(id);
  std::optional<ContainerRecord> r = starting ? store.load(id) : std::nullopt;
  if (!r) throw Error(fmt::format("No such container: {}", id));
  // Started while we waited for the lock: it runs on its own mount, which must stay.
  if (UniqueFd live = open_mounted_rootfs(p, id)) {
    starting.reset();
    image::pack_tree(live.get(), p.rootfs(id), out_fd);
    return;
  }
  own_mount_namespace();
  RootfsForCopy rootfs(p, *r);
  image::pack_tree(rootfs.fd(), p.rootfs(id), out_fd);
}

}  // namespace berth::engine

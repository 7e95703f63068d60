// Mounting a container's overlay from its image's layers and its own upper and work dirs.
#include "engine/container_rootfs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "image/overlay.hpp"
#include "image/store.hpp"

namespace berth::engine {
namespace {

bool is_mounted(const std::string& path) {
  struct stat self, parent;
  if (::stat(path.c_str(), &self) != 0 || ::stat((path + "/..").c_str(), &parent) != 0) return false;
  return self.st_dev != parent.st_dev;
}

}  // namespace

void mount_container_rootfs(const Paths& p, const ContainerRecord& r) {
  std::string rootfs = p.rootfs(r.id);
  if (is_mounted(rootfs)) return;
  image::Store images(p.root);
  image::Image img = images.must_find(r.image_id);
  mkdir_all(p.upper(r.id), 0755);
  mkdir_all(p.work(r.id), 0700);
  mkdir_all(rootfs, 0755);
  image::mount_overlay({images.layer_dirs(img), p.upper(r.id), p.work(r.id)}, rootfs);
}

RootfsForCopy::~RootfsForCopy() {
  if (!mounted_) return;
  root_.reset();
  try {
    image::unmount_rootfs(p_.rootfs(r_.id));
  } catch (const Error& e) {
    log::warn(e.what());
  }
  // Empty mount points only: before the first start nothing else lives under the run dir, and
  // after it the run dir keeps the bundle.
  ::rmdir(p_.rootfs(r_.id).c_str());
  ::rmdir(p_.run_dir(r_.id).c_str());
}

int RootfsForCopy::fd() {
  if (root_) return root_.get();
  mount_container_rootfs(p_, r_);
  mounted_ = true;
  std::string rootfs = p_.rootfs(r_.id);
  root_ = UniqueFd(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_) throw Error::last_errno("open", rootfs);
  return root_.get();
}

}  // namespace berth::engine

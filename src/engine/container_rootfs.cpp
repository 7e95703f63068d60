// Mounting a container's overlay from its image's layers and its own upper and work dirs.
#include "engine/container_rootfs.hpp"

#include <sys/stat.h>

#include "base/file_io.hpp"
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

}  // namespace berth::engine

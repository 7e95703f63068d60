// A container's changes: its upper dir against its image's stored layers.
#include "engine/container_diff.hpp"

#include "engine/etc_files.hpp"
#include "image/store.hpp"

namespace berth::engine {

std::set<std::string> engine_mount_points(const Paths& p, const ContainerRecord& r) {
  // spec_builder.cpp's default mounts; those under /dev and /sys land in the tmpfs and sysfs
  // mounted there, never in the layer, but an image may lack /dev or /sys for them too.
  std::set<std::string> points = {"proc",    "dev", "dev/pts",      "dev/mqueue",
                                  "dev/shm", "sys", "sys/fs/cgroup"};
  for (const auto& f : etc_files(p, r)) points.insert(f.destination.substr(1));
  return points;
}

std::vector<image::Change> container_changes(const Paths& p, const ContainerRecord& r) {
  image::Store images(p.root);
  image::Image img = images.must_find(r.image_id);
  return image::layer_changes(p.upper(r.id), images.layer_dirs(img), engine_mount_points(p, r));
}

}  // namespace berth::engine

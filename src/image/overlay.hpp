// A container's root filesystem: the image's layers as overlayfs lowerdirs plus its own upper.
#pragma once

#include <string>
#include <vector>

namespace berth::image {

struct OverlayPaths {
  std::vector<std::string> lower;  // lowest layer first (as Store::layer_dirs returns them)
  std::string upper;
  std::string work;
};

// Mounts the overlay on `target` (created if missing). An image without layers gets an empty
// read-only lower. Uses fsopen/fsconfig("lowerdir+") so a deep image is not limited by
// mount(2)'s one-page option string.
void mount_overlay(const OverlayPaths& paths, const std::string& target);
// Detaches `target` if it is a mount point; a missing or unmounted target is not an error.
void unmount_rootfs(const std::string& target);

}  // namespace berth::image

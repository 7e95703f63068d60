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
//
// The overlay is `volatile`: it never syncs the upper filesystem itself, neither on copy-up nor
// on unmount (where a plain overlay's syncfs of the whole host filesystem costs 20-100 ms).
// A layer that is thrown away (--rm, rm -f, a build step's scratch) is never synced at all; one
// that is kept must be made durable with sync_upper() before it is unmounted.
void mount_overlay(const OverlayPaths& paths, const std::string& target);
// Flushes the filesystem that holds `upper` (syncfs): what a non-volatile unmount would do.
void sync_upper(const std::string& upper);
// Detaches `target` if it is a mount point; a missing or unmounted target is not an error.
void unmount_rootfs(const std::string& target);

}  // namespace berth::image

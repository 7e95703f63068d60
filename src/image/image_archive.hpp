// `load` and `save`: image archives in docker's save format and OCI image layouts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "image/store.hpp"

namespace berth::image {

struct LoadedImage {
  std::string id;                 // 64 hex
  std::vector<std::string> tags;  // the tags the archive gave it (may be empty)
};

// Loads every image of a docker-save archive (manifest.json) or an OCI image layout (index.json)
// read from `fd` (plain or compressed tar) into `store`. `what` names the archive in errors.
// The archive is untrusted: it is unpacked with the layer rules into a temp dir first, and
// config and layer digests are checked against the manifests.
std::vector<LoadedImage> load_image_archive(Store& store, int fd, std::string_view what);

// Writes the images named by `refs` as a docker-save archive (loadable by docker and podman) to
// `out_fd`. An image named by tag carries that tag; one named by id carries none, as in docker.
void save_image_archive(const Store& store, const std::vector<std::string>& refs, int out_fd);

}  // namespace berth::image

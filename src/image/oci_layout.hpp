// OCI image layouts (image-spec's image-layout.md), as `skopeo copy ... oci-archive:` and
// `docker save` (25+) write them:
//   oci-layout                  {"imageLayoutVersion": "1.0.0"}
//   index.json                  {"manifests": [descriptor of a manifest or an index, ...]}
//   blobs/sha256/<hex>          manifests, indexes, configs, layers (tar, tar+gzip, tar+zstd)
#pragma once

#include <vector>

#include "image/archive_dir.hpp"
#include "image/image_archive.hpp"
#include "image/store.hpp"

namespace berth::image {

// Loads every image index.json names (an index is followed to this machine's platform). Names
// come from the annotations io.containerd.image.name or org.opencontainers.image.ref.name (when
// that is a full reference, not just a tag).
std::vector<LoadedImage> load_oci_layout(Store& store, const ArchiveDir& layout);

}  // namespace berth::image

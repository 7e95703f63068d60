// docker save's format:
//   manifest.json   [{"Config": "<hex>.json", "RepoTags": ["name:tag"], "Layers":
//   ["<hex>/layer.tar"]}] repositories    {"name": {"tag": "<top layer hex>"}}   (legacy; written,
//   not read) <hex>.json      the image config <hex>/layer.tar each layer, uncompressed (docker 25+
//   also uses blobs/sha256/<hex> paths)
#pragma once

#include <string>
#include <vector>

#include "image/archive_dir.hpp"
#include "image/image_archive.hpp"
#include "image/store.hpp"

namespace berth::image {

std::vector<LoadedImage> load_docker_archive(Store& store, const ArchiveDir& archive);

struct SavedImage {
  Image image;
  std::vector<std::string> tags;
};
void save_docker_archive(const Store& store, const std::vector<SavedImage>& images, int out_fd);

}  // namespace berth::image

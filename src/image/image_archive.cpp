// `load` and `save`: which format an archive is in, and which images a save names.
#include "image/image_archive.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "image/archive_dir.hpp"
#include "image/docker_archive.hpp"
#include "image/layer_unpack.hpp"
#include "image/oci_layout.hpp"
#include "image/reference.hpp"

namespace berth::image {

std::vector<LoadedImage> load_image_archive(Store& store, int fd, std::string_view what) {
  TempDir tmp = store.make_temp_dir("load");
  UnpackOptions options;
  options.overlay_whiteouts = false;  // the outer tar holds files, not a filesystem diff
  unpack_layer(fd, tmp.path(), what, options);
  ArchiveDir archive(tmp.path(), what);
  try {
    // docker 25+ writes both; its manifest.json is what docker load reads.
    if (archive.exists("manifest.json")) return load_docker_archive(store, archive);
    if (archive.exists("index.json")) return load_oci_layout(store, archive);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: unexpected JSON: {}", what, e.what()), ExitCode::kEngine);
  }
  throw Error(fmt::format("{}: not an image archive: neither manifest.json (docker save) nor "
                          "index.json (OCI layout)",
                          what),
              ExitCode::kEngine);
}

void save_image_archive(const Store& store, const std::vector<std::string>& refs, int out_fd) {
  std::vector<SavedImage> images;
  for (const auto& ref : refs) {
    Image image = store.must_find(ref);
    std::string tag;
    if (!ref.starts_with("sha256:")) {
      // Named by a tag (not an id prefix): that tag goes into the archive.
      std::string candidate = familiar_reference(normalize_reference(ref));
      for (const auto& t : image.repo_tags) {
        if (t == candidate) tag = t;
      }
    }
    SavedImage* same = nullptr;
    for (auto& s : images) {
      if (s.image.id == image.id) same = &s;
    }
    if (!same) same = &images.emplace_back(SavedImage{std::move(image), {}});
    if (!tag.empty() && std::find(same->tags.begin(), same->tags.end(), tag) == same->tags.end())
      same->tags.push_back(tag);
  }
  save_docker_archive(store, images, out_fd);
}

}  // namespace berth::image

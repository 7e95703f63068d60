// Loading OCI image layouts: index -> manifest -> config and layer blobs, each digest checked.
#include "image/oci_layout.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "image/image_config.hpp"
#include "image/reference.hpp"
#include "image/sha256.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
constexpr std::string_view kDockerList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
constexpr int kMaxIndexDepth = 4;

[[noreturn]] void bad(const ArchiveDir& layout, std::string_view why) {
  throw Error(fmt::format("{}: {}", layout.what(), why), ExitCode::kEngine);
}

std::string blob_path(const ArchiveDir& layout, const json& descriptor) {
  if (!descriptor.is_object() || !descriptor.contains("digest") ||
      !descriptor["digest"].is_string())
    bad(layout, "a descriptor without a digest");
  return "blobs/sha256/" + digest_hex(descriptor["digest"].get<std::string>(), layout.what());
}

// A small JSON blob (manifest, index, config), its digest checked.
std::string read_blob(const ArchiveDir& layout, const json& descriptor) {
  std::string path = blob_path(layout, descriptor);
  std::string bytes = layout.read(path);
  if ("sha256:" + sha256_hex(bytes) != descriptor["digest"].get<std::string>())
    bad(layout, fmt::format("{} does not match its digest", path));
  return bytes;
}

json parse_json(const ArchiveDir& layout, const std::string& bytes, std::string_view name) {
  auto doc = json::parse(bytes, nullptr, false);
  if (!doc.is_object()) bad(layout, fmt::format("{} is not a JSON object", name));
  return doc;
}

bool is_index(const json& descriptor, const json& doc) {
  std::string type = descriptor.value("mediaType", doc.value("mediaType", ""));
  return type == kOciIndex || type == kDockerList || (type.empty() && doc.contains("manifests"));
}

// The manifest of an index for linux on this machine's architecture.
const json& pick_platform(const ArchiveDir& layout, const json& index) {
  if (!index.contains("manifests") || !index["manifests"].is_array())
    bad(layout, "an image index without manifests");
  const auto& manifests = index["manifests"];
  std::string arch = host_architecture();
  for (const auto& m : manifests) {
    auto p = m.value("platform", json::object());
    if (p.value("os", "linux") == "linux" && p.value("architecture", arch) == arch) return m;
  }
  bad(layout, fmt::format("no image for linux/{} in the index", arch));
}

// The name an index.json entry gives its image, or "" (a bare tag like "latest" names nothing).
std::string image_name(const json& descriptor) {
  auto annotations = descriptor.value("annotations", json::object());
  if (!annotations.is_object()) return {};
  std::string name = annotations.value("io.containerd.image.name", "");
  if (name.empty()) {
    std::string ref = annotations.value("org.opencontainers.image.ref.name", "");
    if (ref.find_first_of(":/") != std::string::npos) name = ref;
  }
  return name.empty() ? name : familiar_reference(normalize_reference(name));
}

void check_layer_type(const ArchiveDir& layout, const json& layer) {
  std::string type = layer.value("mediaType", "");
  for (std::string_view ok :
       {"application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/vnd.oci.image.layer.v1.tar+zstd",
        "application/vnd.oci.image.layer.nondistributable.v1.tar",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
        "application/vnd.docker.image.rootfs.diff.tar",
        "application/vnd.docker.image.rootfs.diff.tar.gzip"}) {
    if (type == ok) return;
  }
  bad(layout, fmt::format("layer {} has the unsupported media type \"{}\"",
                          layer.value("digest", "?"), type));
}

std::string load_manifest(Store& store, const ArchiveDir& layout, const json& manifest) {
  if (!manifest.contains("config")) bad(layout, "a manifest without a config");
  std::string config_bytes = read_blob(layout, manifest["config"]);
  auto config = parse_json(layout, config_bytes, "the image config");
  std::vector<std::string> diff_ids;
  try {
    diff_ids = parse_diff_ids(config);
  } catch (Error& e) {
    throw std::move(e).context(layout.what());
  }
  auto layers = manifest.value("layers", json::array());
  if (!layers.is_array() || layers.size() != diff_ids.size())
    bad(layout, fmt::format("the manifest lists {} layers, its config {}",
                            layers.is_array() ? layers.size() : 0, diff_ids.size()));
  for (size_t i = 0; i < layers.size(); ++i) {
    check_layer_type(layout, layers[i]);
    std::string path = blob_path(layout, layers[i]);
    UniqueFd fd = layout.open(path);
    if ("sha256:" + sha256_hex_of_fd(fd.get()) != layers[i]["digest"].get<std::string>())
      bad(layout, fmt::format("{} does not match its digest", path));
    if (::lseek(fd.get(), 0, SEEK_SET) != 0)
      throw Error::last_errno("seek", path).with_exit_code(ExitCode::kEngine);
    store.add_layer_from_archive(fd.get(), fmt::format("{}: {}", layout.what(), path), diff_ids[i]);
  }
  return store.add_image_blob(config_bytes);
}

}  // namespace

std::vector<LoadedImage> load_oci_layout(Store& store, const ArchiveDir& layout) {
  auto version = parse_json(layout, layout.read("oci-layout"), "oci-layout");
  if (!version.contains("imageLayoutVersion")) bad(layout, "oci-layout has no imageLayoutVersion");
  auto index = parse_json(layout, layout.read("index.json"), "index.json");
  if (!index.contains("manifests") || !index["manifests"].is_array())
    bad(layout, "index.json lists no manifests");
  std::vector<LoadedImage> loaded;
  for (const auto& top : index["manifests"]) {
    json descriptor = top;
    json doc = parse_json(layout, read_blob(layout, descriptor), "a manifest");
    for (int depth = 0; is_index(descriptor, doc); ++depth) {
      if (depth == kMaxIndexDepth) bad(layout, "image indexes nested too deep");
      descriptor = pick_platform(layout, doc);
      doc = parse_json(layout, read_blob(layout, descriptor), "a manifest");
    }
    LoadedImage image;
    image.id = load_manifest(store, layout, doc);
    if (std::string name = image_name(top); !name.empty()) {
      store.tag(image.id, name);
      image.tags.push_back(name);
    }
    loaded.push_back(std::move(image));
  }
  return loaded;
}

}  // namespace berth::image

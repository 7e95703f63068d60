// The image store: content-addressed (sha256) layers and image configs under <--root>/image.
//
// Layout (docs/image-store.md):
//   <root>/image/.lock                        flock held by every writer
//   <root>/image/repositories.json            {"name:tag": "<64-hex image id>"}
//   <root>/image/blobs/sha256/<hex>           image config blobs (the id is the config's sha256)
//   <root>/image/layers/<diff-id hex>/diff/   the layer unpacked once, in overlayfs form
//                                             (whiteouts as 0/0 char devices, opaque dirs as
//                                             trusted.overlay.opaque=y), shared by every image
//   <root>/image/layers/<diff-id hex>/layer.tar   the uncompressed layer as loaded (for save)
//   <root>/image/layers/<diff-id hex>/size    bytes of its regular files (decimal)
//   <root>/image/tmp/<kind>.tmp-<pid>-XXXXXX  scratch: layers being unpacked, archives being read
// A layer or image appears only by rename of a finished temp dir (or file), so a crash leaves no
// half-stored layer; temp dirs of dead writers are removed by the next writer.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "image/temp_dir.hpp"

namespace berth::image {

// The part of the image config that shapes a container (docker's "config" object).
struct ContainerDefaults {
  std::vector<std::string> env;                        // KEY=VALUE
  std::optional<std::vector<std::string>> entrypoint;  // nullopt: not set
  std::optional<std::vector<std::string>> cmd;
  std::string working_dir;
  std::string user;
  std::string stop_signal;
  std::map<std::string, std::string> labels;
  std::vector<std::string> exposed_ports;  // "80/tcp"
};

struct Image {
  std::string id;                      // 64 hex: sha256 of the config blob
  std::vector<std::string> repo_tags;  // "name:tag", sorted
  std::vector<std::string> diff_ids;   // "sha256:<hex>", lowest layer first
  ContainerDefaults defaults;
  std::string created;    // RFC 3339, from the config
  uint64_t size = 0;      // bytes of all layers, unpacked
  nlohmann::json config;  // the whole config blob
};

// Throws Error (exit 125) in docker's words unless `ref` is a name an image may be tagged with:
// docker's grammar, no digest, no 64-hex name (an id).
void validate_tag(std::string_view ref);

class Store {
 public:
  explicit Store(std::string root);  // the engine's --root; the store lives in <root>/image

  // An image by "name[:tag]" (":latest" implied), full id, "sha256:<id>", or a unique id prefix.
  std::optional<Image> find(std::string_view ref) const;
  // Like find; throws Error(ExitCode::kEngine) "No such image: <ref>" when missing and
  // "ambiguous image id prefix" style errors when a prefix matches several images.
  Image must_find(std::string_view ref) const;
  std::vector<Image> list() const;
  // Absolute paths of the unpacked layers of `image`, lowest first (overlay lowerdirs reversed).
  std::vector<std::string> layer_dirs(const Image& image) const;

  // Stores a layer from a tar archive (uncompressed, gzip or zstd; detected by content) and
  // returns its diff id "sha256:<hex>" (the digest of the uncompressed tar). Hostile entries
  // (.., absolute paths, through symlinks, hardlinks out of the layer, devices) are refused
  // with an Error naming the entry; nothing half-stored remains.
  // With `expected_diff_id` (from an image config), a stream with another digest is refused, and
  // a layer stored already is only decompressed and hashed, not unpacked again.
  std::string add_layer_from_archive(int fd, std::string_view what,
                                     std::string_view expected_diff_id = {});
  // Stores the contents of a directory (import DIR, build's COPY/RUN diffs) as a layer.
  // `changes_from_overlay`: the dir is an overlay upperdir (whiteouts already in overlay form).
  // The paths in `leave_out` (below `dir`) stay out of the layer (layer_pack.hpp).
  std::string add_layer_from_dir(const std::string& dir, bool changes_from_overlay = false,
                                 const std::set<std::string>& leave_out = {});
  // Stores `config` (a complete docker/OCI image config with rootfs.diff_ids naming stored
  // layers) and returns the image id; tags it with `tag` when not empty.
  std::string add_image(const nlohmann::json& config, std::string_view tag = {});
  // Like add_image, keeping the config's bytes as given (load: the id must stay the sha256 the
  // archive's manifest and other engines use).
  std::string add_image_blob(std::string_view config_json, std::string_view tag = {});

  void tag(std::string_view source_ref, std::string_view target_ref);
  // Removes a tag, or (by id, or the last tag) the image and then any layer no image uses.
  // Returns docker's lines ("Untagged: x:latest", "Deleted: sha256:...").
  std::vector<std::string> remove(std::string_view ref, bool force);
  // Removes dangling (untagged) images; with `all`, every image. Images whose id is in
  // `in_use_ids` (64 hex or "sha256:<hex>") are kept. Returns the ids removed.
  std::vector<std::string> prune(bool all, const std::vector<std::string>& in_use_ids);

  // The config blob of image `id` exactly as stored (its sha256 is the id).
  std::string config_blob(std::string_view id) const;
  // The stored uncompressed tar of layer `diff_id` ("sha256:<hex>"), for save.
  std::string layer_tar(std::string_view diff_id) const;
  // Bytes of the regular files of layer `diff_id` (0 when it is not stored).
  uint64_t layer_size(std::string_view diff_id) const;
  // A scratch directory on the store's filesystem (so its contents can be renamed into the
  // store), removed when the TempDir goes out of scope.
  TempDir make_temp_dir(std::string_view kind);

  const std::string& dir() const { return dir_; }

 private:
  struct Resolved {
    std::string id;         // 64 hex; empty: not found
    std::string tag;        // the tag it was found by; empty when found by id
    size_t id_matches = 0;  // > 1: an ambiguous id prefix
  };
  Resolved resolve(std::string_view ref) const;
  Image load(const std::string& id, const std::map<std::string, std::string>& tags) const;
  std::vector<std::string> image_ids() const;
  bool has_layer(const std::string& hex) const;
  void ensure_layout();
  std::string commit_layer(TempDir& tmp, const std::string& diff_id, uint64_t size);
  // With the lock held: deletes the image's config and then its layers no other image uses.
  void delete_image(const std::string& id, std::vector<std::string>& lines);

  std::string dir_;
};

}  // namespace berth::image

// What a container's writable layer (an overlay upper dir) changed in its image, as `docker diff`
// lists it: "A /new", "C /changed", "D /deleted".
//
// Read from the upper dir: an entry the image lacks was added (and so was all below it); a 0/0
// character device deletes what the image had there; an opaque directory replaces the image's,
// whose entries missing from it were deleted. Anything else the image has was changed, except a
// directory, which counts as changed only when its mode or owner differs or something below it
// changed: overlayfs copies a directory up just to change a file inside, and docker shows the
// directories above a change as changed, never unchanged ones.
//
// The mount points the engine makes in the layer (/proc, /etc/hosts...) are not changes: docker
// keeps them in a layer of its own under the container's, so they count as the image's.
//
// Plan, then act: plan_changes is the rule over plain values (unit-tested with a fake image);
// layer_changes reads the upper dir (tree_walk.hpp) and the stored layers.
#pragma once

#include <sys/types.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace berth::image {

enum class ChangeKind { kModified, kAdded, kDeleted };

struct Change {
  std::string path;  // absolute in the container: "/etc/passwd"
  ChangeKind kind;
  bool operator==(const Change&) const = default;
};

// docker's letter: C, A or D.
char change_letter(ChangeKind kind);

// One entry of the upper dir.
struct UpperEntry {
  enum class Kind { kWhiteout, kDir, kOpaqueDir, kOther };
  std::string rel;  // below the root, no leading slash: "etc/passwd"
  Kind kind = Kind::kOther;
  mode_t mode = 0;  // st_mode, type bits included
  uid_t uid = 0;
  gid_t gid = 0;
};

// What the image has at a path.
struct ImageEntry {
  mode_t mode = 0;
  uid_t uid = 0;
  gid_t gid = 0;
};

// The image's filesystem, its layers merged.
class ImageView {
 public:
  virtual ~ImageView() = default;
  virtual std::optional<ImageEntry> find(const std::string& rel) const = 0;
  // The names in the image's directory `rel` ("" for the root); none when it is not a directory.
  virtual std::vector<std::string> children(const std::string& rel) const = 0;
};

// The changes the upper entries make (any order; each entry's parent directories are among
// them, as in an overlay upper dir), sorted by path one component at a time, so a directory
// comes right before what it holds. `engine_paths` are the engine's mount points (rel paths).
std::vector<Change> plan_changes(const std::vector<UpperEntry>& upper, const ImageView& image,
                                 const std::set<std::string>& engine_paths);

// The image made of the unpacked layers `layer_dirs` (lowest first, overlay form: whiteouts as
// 0/0 devices, opaque directories marked), read without following symlinks.
class LayerDirsView : public ImageView {
 public:
  explicit LayerDirsView(std::vector<std::string> layer_dirs) : layers_(std::move(layer_dirs)) {}
  std::optional<ImageEntry> find(const std::string& rel) const override;
  std::vector<std::string> children(const std::string& rel) const override;

 private:
  std::vector<std::string> layers_;
};

// The entries of the upper dir `upper_dir` (none when it was never made: nothing written yet).
std::vector<UpperEntry> read_upper(const std::string& upper_dir);

// The upper entries that are the engine's alone (rel paths): its mount points the image lacks
// and the directories holding them, unless plan_changes counts them as changes. A commit leaves
// them out of its layer, as docker's init layer keeps them out of a container's.
std::set<std::string> engine_only_entries(const std::vector<UpperEntry>& upper,
                                          const ImageView& image,
                                          const std::set<std::string>& engine_paths);

// Reads the upper dir `upper_dir` and plans its changes to the image of `layer_dirs`.
std::vector<Change> layer_changes(const std::string& upper_dir,
                                  const std::vector<std::string>& layer_dirs,
                                  const std::set<std::string>& engine_paths);

}  // namespace berth::image

// docker commit: the container's layer stored as an image layer, its Config as the image's.
#include "engine/container_commit.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <optional>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/log.hpp"
#include "engine/container_diff.hpp"
#include "engine/container_pause.hpp"
#include "image/layer_changes.hpp"
#include "image/store.hpp"

namespace berth::engine {
namespace {

// Frozen while its layer is read, thawed after. As with dockerd, a pause that fails (the
// container stopped meanwhile) is no error, and a container paused already stays paused.
class PauseForCommit {
 public:
  PauseForCommit(const ContainerStore& store, const ContainerRecord& r, bool wanted)
      : store_(store), id_(r.id) {
    if (!wanted || live_status(r) != "running") return;
    try {
      pause_container(store, id_);
      paused_ = true;
    } catch (const Error&) {
      // Stopped since it was looked at: its layer no longer changes anyway.
    }
  }
  ~PauseForCommit() {
    if (!paused_) return;
    try {
      unpause_container(store_, id_);
    } catch (const Error& e) {
      log::warn(fmt::format("commit: unpause {}: {}", id_, e.what()));
    }
  }
  PauseForCommit(const PauseForCommit&) = delete;
  PauseForCommit& operator=(const PauseForCommit&) = delete;

 private:
  const ContainerStore& store_;
  std::string id_;
  bool paused_ = false;
};

// docker's CLI parses the reference before it asks the daemon: its errors exit 1.
void check_reference(const std::string& reference) {
  if (reference.empty()) return;
  try {
    image::validate_tag(reference);
  } catch (const Error& e) {
    throw Error(e.what());
  }
}

bool under_any(const std::string& rel, const std::set<std::string>& dirs) {
  for (std::string p = rel;; p = p.substr(0, p.rfind('/'))) {
    if (dirs.contains(p)) return true;
    if (p.find('/') == std::string::npos) return false;
  }
}

// Stores what the container changed as a layer; "" when it changed nothing but what the
// engine made (docker's overlay2 then adds no layer either).
std::string store_layer(image::Store& images, const Paths& p, const ContainerRecord& r,
                        const image::Image& img) {
  std::vector<image::UpperEntry> upper = image::read_upper(p.upper(r.id));
  std::set<std::string> leave_out = image::engine_only_entries(
      upper, image::LayerDirsView(images.layer_dirs(img)), engine_mount_points(p, r));
  bool changed = std::ranges::any_of(upper, [&](const image::UpperEntry& e) {
    return !under_any(e.rel, leave_out);
  });
  if (!changed) return "";
  return images.add_layer_from_dir(p.upper(r.id), /*changes_from_overlay=*/true, leave_out);
}

}  // namespace

std::string commit_container(const ContainerStore& store, const std::string& ref,
                             const CommitOptions& options) {
  check_reference(options.reference);
  ContainerRecord found = store.resolve(ref);
  image::Store images(store.paths().root);
  image::Image img = images.must_find(found.image_id);
  commit_image_config(img.config, found, options.message, "", "");  // refuses bad changes now

  std::optional<ProcessLock> lock = store.start_lock(found.id);
  std::optional<ContainerRecord> r = lock ? store.load(found.id) : std::nullopt;
  if (!r) throw Error(fmt::format("No such container: {}", ref));
  std::string status = live_status(*r);
  if (status == "dead")
    throw Error(fmt::format("You cannot commit container {} which is Dead", r->id));
  if (status == "removing" || r->state.removal_in_progress)
    throw Error(fmt::format("You cannot commit container {} which is being removed", r->id));
  PauseForCommit pause(store, *r, options.pause);
  std::string diff_id = store_layer(images, store.paths(), *r, img);
  nlohmann::json config =
      commit_image_config(img.config, *r, options.message, diff_id, now_rfc3339());
  return "sha256:" + images.add_image(config, options.reference);
}

}  // namespace berth::engine

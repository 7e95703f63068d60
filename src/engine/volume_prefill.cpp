// Filling empty volumes from the image at create time, under a lock per volume.
#include "engine/volume_prefill.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_lock.hpp"
#include "base/log.hpp"
#include "base/safe_path.hpp"
#include "base/tree_copy.hpp"
#include "engine/container_rootfs.hpp"
#include "image/overlay.hpp"

namespace berth::engine {
namespace {

// The image's directory at `destination`, resolved inside the rootfs as the container would
// see it (a symlink in the image never leads out); none when the image has no directory there.
UniqueFd image_dir(int root_fd, const std::string& destination) {
  try {
    return open_in_root(root_fd, destination, O_RDONLY | O_DIRECTORY);
  } catch (const Error& e) {
    if (e.err() == ENOENT || e.err() == ENOTDIR) return {};
    throw;
  }
}

// A volume this create filled, with what its root was before, to undo the fill.
struct FilledVolume {
  std::string name;
  UniqueFd dir;
  struct stat before {};
};

void empty_again(const FilledVolume& v) {
  try {
    remove_tree_contents(v.dir.get());
    if (::fchown(v.dir.get(), v.before.st_uid, v.before.st_gid) != 0) throw Error::last_errno("chown", v.name);
    if (::fchmod(v.dir.get(), v.before.st_mode & 07777) != 0) throw Error::last_errno("chmod", v.name);
  } catch (Error& e) {
    log::warn(std::move(e).context(fmt::format("empty volume {} again", v.name)).what());
  }
}

void fill_if_empty(const Paths& p, const MountSpec& m, RootfsForCopy& rootfs, std::vector<FilledVolume>& filled) {
  std::string data = p.volume_data(m.source);
  UniqueFd dir(::open(data.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir) throw Error::last_errno("open volume", m.source);
  if (!dir_is_empty(dir.get())) return;
  UniqueFd source = image_dir(rootfs.fd(), m.destination);
  if (!source) return;
  struct stat before;
  if (::fstat(dir.get(), &before) != 0) throw Error::last_errno("stat volume", m.source);
  const FilledVolume& v = filled.emplace_back(FilledVolume{m.source, std::move(dir), before});
  copy_tree_contents(source.get(), v.dir.get());
  copy_owner_and_mode(source.get(), v.dir.get());
}

}  // namespace

std::vector<MountSpec> prefill_candidates(const ContainerRecord& r) {
  std::vector<MountSpec> out;
  for (const auto& m : r.host_config.mounts) {
    if (m.type == "volume" && !m.no_copy) out.push_back(m);
  }
  return out;
}

std::vector<std::string> volumes_to_lock(const std::vector<MountSpec>& candidates) {
  std::vector<std::string> names;
  for (const auto& m : candidates) names.push_back(m.source);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void prefill_volumes(const Paths& p, const ContainerRecord& r) {
  auto candidates = prefill_candidates(r);
  if (candidates.empty()) return;
  // Two creates filling the same empty volume at once would collide: the second one waits and
  // then finds it filled.
  std::vector<FileLock> locks;
  for (const auto& name : volumes_to_lock(candidates)) locks.emplace_back(p.volume_prefill_lock(name));
  RootfsForCopy rootfs(p, r);
  std::vector<FilledVolume> filled;
  for (const auto& m : candidates) {
    try {
      fill_if_empty(p, m, rootfs, filled);
    } catch (Error& e) {
      for (const auto& v : filled) empty_again(v);
      throw std::move(e).context(fmt::format("copy image content at {} to volume {}", m.destination, m.source))
          .with_exit_code(ExitCode::kEngine);
    } catch (...) {
      for (const auto& v : filled) empty_again(v);
      throw;
    }
  }
}

}  // namespace berth::engine

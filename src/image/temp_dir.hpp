// Scratch directories of the image store: made next to their final place, renamed in when
// finished, removed (with everything in them) when abandoned.
#pragma once

#include <string>
#include <string_view>

namespace berth::image {

// Removes `path` and everything under it without following symlinks; a missing path is fine.
// Directories we cannot enter (mode 000 in a layer, when not root) are made enterable first.
void remove_tree(const std::string& path);

// A directory "<parent>/<kind>.tmp-<pid>-XXXXXX" removed on destruction unless released.
class TempDir {
 public:
  TempDir(const std::string& parent, std::string_view kind);
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir& operator=(TempDir&&) = delete;

  const std::string& path() const { return path_; }
  // Renames the directory to `target` (same filesystem) and stops owning it. Throws
  // Error(EEXIST/ENOTEMPTY) when `target` exists; the directory is then still owned.
  void rename_to(const std::string& target);

 private:
  std::string path_;
};

// Removes "*.tmp-<pid>-*" entries in `parent` whose process is gone: what a crashed or killed
// writer left behind.
void remove_stale_temps(const std::string& parent);

}  // namespace berth::image

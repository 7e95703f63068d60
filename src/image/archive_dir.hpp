// Reading files of an unpacked image archive (docker-save or OCI layout) without leaving it.
#pragma once

#include <string>
#include <string_view>

#include "base/unique_fd.hpp"

namespace berth::image {

class ArchiveDir {
 public:
  ArchiveDir(const std::string& path, std::string_view what);

  // Opens `name` for reading; symlinks resolve inside the archive (docker save links
  // duplicate layers). Throws Error (exit 125) naming the archive and the file.
  UniqueFd open(std::string_view name) const;
  std::string read(std::string_view name) const;
  bool exists(std::string_view name) const;
  const std::string& what() const { return what_; }

 private:
  UniqueFd root_;
  std::string what_;
};

}  // namespace berth::image

// Writing files into a step's root filesystem for COPY, ADD and WORKDIR. Every path is
// resolved inside the root (openat2 RESOLVE_IN_ROOT): a symlink in the image, such as
// /bin -> usr/bin, is followed the way the container would see it and never leads out.
#pragma once

#include <sys/stat.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/unique_fd.hpp"
#include "image/user_lookup.hpp"

namespace berth::image {

// What to create; the type comes from mode (S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR ...).
struct EntryMeta {
  mode_t mode = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  timespec mtime{};
  dev_t rdev = 0;
  std::string link_target;    // symlinks
  std::string hardlink_to;    // hard links: a path inside the root, created earlier
  std::string capability;     // the security.capability xattr of a file, when it has one
};

// Reads the next chunk of a regular file's data; returns 0 at the end.
using DataReader = std::function<size_t(char* buf, size_t size)>;

class RootfsWriter {
 public:
  // `new_dir_owner`: owner of the directories this writer has to create (COPY --chown), else root.
  RootfsWriter(int root_fd, Owner new_dir_owner);

  // Creates `dir` and missing parents (mode 0755); returns an O_PATH fd to it.
  UniqueFd make_dirs(std::string_view dir);
  // True when `path` (symlinks followed inside the root) is a directory.
  bool is_dir(std::string_view path) const;
  // Creates `path` as `meta` says, replacing what is there (an existing directory stays a
  // directory when `meta` is one, and gets meta's mode and owner).
  void write(std::string_view path, const EntryMeta& meta, const DataReader& data);

 private:
  int parent_fd(std::string_view parent);

  int root_fd_;
  Owner owner_;
  std::string cached_parent_;
  UniqueFd cached_fd_;
};

// Whether the file at `path` is a tar archive (plain, gzip, bzip2, xz or zstd): what ADD extracts.
bool is_tar_archive(const std::string& path);
// Extracts the archive at `path` into `dest` (a directory inside the root), keeping the
// archive's owners unless `owner` is given.
void extract_archive(const std::string& path, RootfsWriter& writer, const std::string& dest,
                     const std::optional<Owner>& owner, const std::optional<mode_t>& chmod);

// Reads a whole file of the root (symlinks resolved inside it); nullopt when it does not exist.
std::optional<std::string> read_root_file(int root_fd, std::string_view path);

}  // namespace berth::image

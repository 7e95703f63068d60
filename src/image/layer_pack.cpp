// Packs a directory tree into a reproducible layer tar with libarchive's pax writer.
#include "image/layer_pack.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "base/safe_path.hpp"
#include "base/unique_fd.hpp"
#include "image/archive_util.hpp"
#include "image/whiteout.hpp"

namespace berth::image {
namespace {

std::vector<std::string> sorted_names(int dirfd, const std::string& shown) {
  int fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* d = fd < 0 ? nullptr : ::fdopendir(fd);
  if (!d) {
    if (fd >= 0) ::close(fd);
    throw Error::last_errno("read directory", shown);
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string_view n = e->d_name;
    if (n != "." && n != "..") names.emplace_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

class Packer {
 public:
  Packer(const std::string& dir, int out_fd, bool from_overlay)
      : root_(dir), from_overlay_(from_overlay), writer_(archive_write_new()) {
    if (!writer_) throw Error("archive_write_new: out of memory", ExitCode::kEngine);
    archive_write_set_format_pax_restricted(writer_.get());
    if (archive_write_open_fd(writer_.get(), out_fd) != ARCHIVE_OK) fail("open");
  }

  void run() {
    UniqueFd root(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root) throw Error::last_errno("open", root_).with_exit_code(ExitCode::kEngine);
    walk(root.get(), "");
    if (archive_write_close(writer_.get()) != ARCHIVE_OK) fail("close");
  }

 private:
  [[noreturn]] void fail(std::string_view op) {
    throw Error(fmt::format("pack {}: {}: {}", root_, op, archive_error(writer_.get())),
                ExitCode::kEngine);
  }

  void walk(int dirfd, const std::string& prefix) {
    for (const auto& name : sorted_names(dirfd, root_ + "/" + prefix)) {
      std::string rel = prefix + name;
      struct stat st;
      if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        throw Error::last_errno("stat", root_ + "/" + rel).with_exit_code(ExitCode::kEngine);
      if (S_ISSOCK(st.st_mode)) continue;
      if (from_overlay_ && is_overlay_whiteout(st)) {
        add_marker(prefix + std::string(kWhiteoutPrefix) + name, st);
        continue;
      }
      ArchiveEntry entry = make_entry(dirfd, name, rel, st);
      if (S_ISDIR(st.st_mode)) {
        write_header(entry.get(), rel);
        std::string path = fd_path(dirfd) + "/" + name;
        if (from_overlay_ && is_opaque_dir(path))
          add_marker(rel + "/" + std::string(kOpaqueMarker), st);
        UniqueFd child(
            ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!child)
          throw Error::last_errno("open", root_ + "/" + rel).with_exit_code(ExitCode::kEngine);
        walk(child.get(), rel + "/");
      } else if (S_ISREG(st.st_mode) && archive_entry_hardlink(entry.get()) == nullptr) {
        write_header(entry.get(), rel);
        copy_data(dirfd, name, rel);
      } else {
        write_header(entry.get(), rel);
      }
    }
  }

  ArchiveEntry make_entry(int dirfd, const std::string& name, const std::string& rel,
                          const struct stat& st) {
    ArchiveEntry entry(archive_entry_new());
    archive_entry_copy_stat(entry.get(), &st);
    archive_entry_set_pathname(entry.get(),
                               S_ISDIR(st.st_mode) ? (rel + "/").c_str() : rel.c_str());
    archive_entry_unset_atime(entry.get());
    archive_entry_unset_ctime(entry.get());
    archive_entry_unset_birthtime(entry.get());
    archive_entry_set_mtime(entry.get(), st.st_mtim.tv_sec, 0);
    if (S_ISLNK(st.st_mode)) {
      char target[4096];
      ssize_t n = ::readlinkat(dirfd, name.c_str(), target, sizeof target - 1);
      if (n < 0)
        throw Error::last_errno("readlink", root_ + "/" + rel).with_exit_code(ExitCode::kEngine);
      target[n] = '\0';
      archive_entry_set_symlink(entry.get(), target);
    }
    if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
      auto [it, inserted] = links_.try_emplace({st.st_dev, st.st_ino}, rel);
      if (!inserted) {
        archive_entry_set_hardlink(entry.get(), it->second.c_str());
        archive_entry_set_size(entry.get(), 0);
      }
    }
    if (!S_ISREG(st.st_mode)) archive_entry_set_size(entry.get(), 0);
    add_xattrs(entry.get(), fd_path(dirfd) + "/" + name);
    return entry;
  }

  // Only what the unpacker keeps; overlay's own trusted.overlay.* never goes into a layer.
  static void add_xattrs(archive_entry* entry, const std::string& path) {
    ssize_t len = ::llistxattr(path.c_str(), nullptr, 0);
    if (len <= 0) return;
    std::string names(static_cast<size_t>(len), '\0');
    len = ::llistxattr(path.c_str(), names.data(), names.size());
    if (len <= 0) return;
    names.resize(static_cast<size_t>(len));
    for (size_t at = 0; at < names.size();) {
      std::string name = names.c_str() + at;
      at += name.size() + 1;
      if (!name.starts_with("user.") && name != "security.capability") continue;
      ssize_t vlen = ::lgetxattr(path.c_str(), name.c_str(), nullptr, 0);
      if (vlen < 0) continue;
      std::string value(static_cast<size_t>(vlen), '\0');
      vlen = ::lgetxattr(path.c_str(), name.c_str(), value.data(), value.size());
      if (vlen < 0) continue;
      archive_entry_xattr_add_entry(entry, name.c_str(), value.data(), static_cast<size_t>(vlen));
    }
  }

  // An empty regular file: a whiteout or the opaque marker.
  void add_marker(const std::string& rel, const struct stat& st) {
    ArchiveEntry entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), rel.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0);
    archive_entry_set_uid(entry.get(), st.st_uid);
    archive_entry_set_gid(entry.get(), st.st_gid);
    archive_entry_set_size(entry.get(), 0);
    archive_entry_set_mtime(entry.get(), st.st_mtim.tv_sec, 0);
    write_header(entry.get(), rel);
  }

  void write_header(archive_entry* entry, const std::string& rel) {
    if (archive_write_header(writer_.get(), entry) < ARCHIVE_WARN) fail("write " + rel);
  }

  void copy_data(int dirfd, const std::string& name, const std::string& rel) {
    UniqueFd file(::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!file) throw Error::last_errno("open", root_ + "/" + rel).with_exit_code(ExitCode::kEngine);
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(file.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        throw Error::last_errno("read", root_ + "/" + rel).with_exit_code(ExitCode::kEngine);
      if (n == 0) break;
      if (archive_write_data(writer_.get(), buf, static_cast<size_t>(n)) < 0) fail("write " + rel);
    }
  }

  std::string root_;
  bool from_overlay_;
  ArchiveWriter writer_;
  std::map<std::pair<dev_t, ino_t>, std::string> links_;  // first path of each multiply-linked file
};

}  // namespace

void pack_layer(const std::string& dir, int out_fd, bool from_overlay) {
  Utf8Locale utf8;
  Packer(dir, out_fd, from_overlay).run();
}

}  // namespace berth::image

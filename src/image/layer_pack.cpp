// Packs a directory tree into a reproducible layer tar with libarchive's pax writer.
#include "image/layer_pack.hpp"

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
#include "image/tree_walk.hpp"
#include "image/whiteout.hpp"

namespace berth::image {
namespace {

class Packer {
 public:
  Packer(const std::string& shown, int out_fd, bool from_overlay, bool one_filesystem,
         const std::set<std::string>& leave_out)
      : root_(shown), from_overlay_(from_overlay), one_filesystem_(one_filesystem),
        leave_out_(leave_out), writer_(archive_write_new()) {
    if (!writer_) throw Error("archive_write_new: out of memory", ExitCode::kEngine);
    archive_write_set_format_pax_restricted(writer_.get());
    // Unpadded wherever it goes (libarchive pads the last record for stdout and pipes only), so
    // the same tree gives the same bytes, as docker's tars do.
    archive_write_set_bytes_in_last_block(writer_.get(), 1);
    if (archive_write_open_fd(writer_.get(), out_fd) != ARCHIVE_OK) fail("open");
  }

  void run(int root_fd) {
    struct stat root;
    if (::fstat(root_fd, &root) != 0)
      throw Error::last_errno("stat", root_).with_exit_code(ExitCode::kEngine);
    root_dev_ = root.st_dev;
    walk_tree(root_fd, root_, [this](const TreeEntry& e) { return add(e); });
    if (archive_write_close(writer_.get()) != ARCHIVE_OK) fail("close");
  }

 private:
  [[noreturn]] void fail(std::string_view op) {
    throw Error(fmt::format("pack {}: {}: {}", root_, op, archive_error(writer_.get())),
                ExitCode::kEngine);
  }

  Descend add(const TreeEntry& e) {
    if (S_ISSOCK(e.st.st_mode) || leave_out_.contains(e.rel)) return Descend::kNo;
    if (from_overlay_ && is_overlay_whiteout(e.st)) {
      std::string dir = e.rel.substr(0, e.rel.size() - e.name.size());
      add_marker(dir + std::string(kWhiteoutPrefix) + e.name, e.st);
      return Descend::kNo;
    }
    ArchiveEntry entry = make_entry(e.parent_fd, e.name, e.rel, e.st);
    write_header(entry.get(), e.rel);
    if (S_ISDIR(e.st.st_mode)) {
      if (from_overlay_ && is_opaque_dir(fd_path(e.parent_fd) + "/" + e.name))
        add_marker(e.rel + "/" + std::string(kOpaqueMarker), e.st);
      // What another filesystem mounted here holds is not the tree's: its mount point stays empty.
      return one_filesystem_ && e.st.st_dev != root_dev_ ? Descend::kNo : Descend::kYes;
    }
    if (S_ISREG(e.st.st_mode) && archive_entry_hardlink(entry.get()) == nullptr)
      copy_data(e.parent_fd, e.name, e.rel);
    return Descend::kNo;
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
  bool one_filesystem_;
  const std::set<std::string>& leave_out_;
  dev_t root_dev_ = 0;
  ArchiveWriter writer_;
  std::map<std::pair<dev_t, ino_t>, std::string> links_;  // first path of each multiply-linked file
};

}  // namespace

void pack_layer(const std::string& dir, int out_fd, bool from_overlay,
                const std::set<std::string>& leave_out) {
  Utf8Locale utf8;
  UniqueFd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root) throw Error::last_errno("open", dir).with_exit_code(ExitCode::kEngine);
  Packer(dir, out_fd, from_overlay, /*one_filesystem=*/false, leave_out).run(root.get());
}

void pack_tree(int root_fd, const std::string& shown, int out_fd) {
  Utf8Locale utf8;
  Packer(shown, out_fd, /*from_overlay=*/false, /*one_filesystem=*/true, {}).run(root_fd);
}

}  // namespace berth::image

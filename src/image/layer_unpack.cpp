// Unpacks untrusted layer tars: every name is checked and every file is created relative to a
// directory fd opened without following symlinks, so no entry can write outside the layer.
#include "image/layer_unpack.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "base/error.hpp"
#include "base/safe_path.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"
#include "image/archive_util.hpp"
#include "image/tar_stream.hpp"
#include "image/temp_dir.hpp"
#include "image/whiteout.hpp"

namespace berth::image {
namespace {

// Directory modes and times are applied last, deepest first: a mode-000 or read-only directory
// must not stop its own children from being unpacked, and adding a child changes the mtime.
struct DirMeta {
  std::vector<std::string> path;
  mode_t mode;
  timespec times[2];
};

// Kept: user data and file capabilities. Dropped: trusted.* (trusted.overlay.* would let a layer
// forge opaque dirs or redirects in our overlay) and security.selinux and friends.
bool xattr_allowed(std::string_view name) {
  return name.starts_with("user.") || name == "security.capability";
}

void pwrite_all(int fd, const char* data, size_t size, off_t offset) {
  while (size > 0) {
    ssize_t n = ::pwrite(fd, data, size, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error::last_errno("write");
    data += n;
    size -= static_cast<size_t>(n);
    offset += n;
  }
}

class Unpacker {
 public:
  // `root` is an fd of the destination directory, owned from now on.
  Unpacker(UniqueFd root, const UnpackOptions& options, TarStream& stream)
      : root_(std::move(root)), what_(stream.what()), options_(options), stream_(stream),
        is_root_(::geteuid() == 0) {}

  void entry(archive* tar, archive_entry* e) {
    const char* raw_name = archive_entry_pathname(e);
    name_ = raw_name ? raw_name : "";
    if (!raw_name) refuse("its name cannot be read");
    auto path = components(name_, "its name");
    try {
      unpack(tar, e, path);
    } catch (Error& err) {
      if (err.exit_code() == ExitCode::kEngine) throw;  // refusals already name the entry
      throw std::move(err)
          .context(prefixed(fmt::format("entry \"{}\"", name_)))
          .with_exit_code(ExitCode::kEngine);
    }
  }

  void finish() {
    std::stable_sort(dir_meta_.begin(), dir_meta_.end(), [](const DirMeta& a, const DirMeta& b) {
      return a.path.size() > b.path.size();
    });
    for (const auto& meta : dir_meta_) {
      name_ = meta.path.empty() ? "." : join(meta.path, "/");
      try {
        UniqueFd dir = walk(meta.path, meta.path.size(), false);
        // chmod(2) through /proc/self/fd: fchmod refuses O_PATH fds.
        if (::chmod(fd_path(dir.get()).c_str(), meta.mode) != 0) throw Error::last_errno("chmod");
        if (::utimensat(dir.get(), "", meta.times, AT_EMPTY_PATH) != 0)
          throw Error::last_errno("set times");
      } catch (Error& err) {
        if (err.exit_code() == ExitCode::kEngine) throw;
        throw std::move(err)
            .context(prefixed(fmt::format("entry \"{}\"", name_)))
            .with_exit_code(ExitCode::kEngine);
      }
    }
  }

  uint64_t size() const { return size_; }

  [[noreturn]] void malformed(archive* tar) const {
    std::string why = stream_.failure().empty() ? archive_error(tar) : stream_.failure();
    std::string after = name_.empty() ? "" : fmt::format(" after entry \"{}\"", name_);
    throw Error(prefixed(fmt::format("malformed archive{}: {}", after, why)), ExitCode::kEngine);
  }

 private:
  [[noreturn]] void refuse(std::string_view why) const {
    throw Error(prefixed(fmt::format("entry \"{}\" refused: {}", name_, why)), ExitCode::kEngine);
  }

  std::string prefixed(const std::string& message) const {
    return what_.empty() ? message : fmt::format("{}: {}", what_, message);
  }

  // docker's words for a merge that would change an entry's kind (see UnpackOptions).
  [[noreturn]] void refuse_kind_change(const std::vector<std::string>& path,
                                       bool existing_is_dir) const {
    const std::string& dest = options_.shown_dest;
    std::string existing = fmt::format("{}/{}", dest == "/" ? "" : dest, join(path, "/"));
    const char* kinds[] = {"non-directory", "directory"};
    throw Error(prefixed(fmt::format("cannot overwrite {} \"{}\" with {} \"{}\"",
                                     kinds[existing_is_dir], existing, kinds[!existing_is_dir],
                                     dest)),
                ExitCode::kEngine);
  }

  // Whom an entry belongs to once unpacked; nullopt: whoever creates it (us).
  std::optional<std::pair<uid_t, gid_t>> owner_of(archive_entry* e) const {
    if (options_.owner) return options_.owner;
    if (!options_.keep_owners || !is_root_) return std::nullopt;
    return std::pair{static_cast<uid_t>(archive_entry_uid(e)),
                     static_cast<gid_t>(archive_entry_gid(e))};
  }

  // The name's components, refusing what could leave the layer.
  std::vector<std::string> components(const std::string& name, std::string_view which) const {
    if (name.starts_with('/')) refuse(fmt::format("{} is an absolute path", which));
    auto parts = path_components(name);
    for (const auto& p : parts) {
      if (p == "..") refuse(fmt::format("{} has a \"..\" component", which));
    }
    return parts;
  }

  // An O_PATH fd of the directory path[0..count), never through a symlink; missing directories
  // are made (0755) when `create`.
  UniqueFd walk(const std::vector<std::string>& path, size_t count, bool create) const {
    UniqueFd dir(::fcntl(root_.get(), F_DUPFD_CLOEXEC, 3));
    if (!dir) throw Error::last_errno("dup");
    for (size_t i = 0; i < count; ++i) {
      const char* name = path[i].c_str();
      constexpr int kFlags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
      int fd = ::openat(dir.get(), name, kFlags);
      if (fd < 0 && errno == ENOENT && create) {
        if (::mkdirat(dir.get(), name, 0755) != 0 && errno != EEXIST)
          throw Error::last_errno("mkdir parent");
        fd = ::openat(dir.get(), name, kFlags);
      }
      if (fd < 0) {
        int err = errno;
        std::string parent = join(
            std::vector<std::string>(path.begin(), path.begin() + static_cast<long>(i) + 1), "/");
        struct stat st;
        if (::fstatat(dir.get(), name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
          if (S_ISLNK(st.st_mode)) refuse(fmt::format("its parent \"{}\" is a symlink", parent));
          if (!S_ISDIR(st.st_mode))
            refuse(fmt::format("its parent \"{}\" is not a directory", parent));
        }
        throw Error::from_errno(err, "open parent", parent);
      }
      dir.reset(fd);
    }
    return dir;
  }

  static UniqueFd reopen_dir(int path_fd) {
    UniqueFd fd(::openat(path_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) throw Error::last_errno("open directory");
    return fd;
  }

  // Makes room for an entry at `path` (in `parent`); returns true when an existing directory is
  // kept. A directory replaced by a non-directory goes with everything under it.
  bool clear_target(int parent, const std::vector<std::string>& path, bool entry_is_dir) {
    const std::string& name = path.back();
    struct stat st;
    if (::fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) return false;
      throw Error::last_errno("stat");
    }
    if (options_.merge_into_existing && S_ISDIR(st.st_mode) != entry_is_dir)
      refuse_kind_change(path, S_ISDIR(st.st_mode));
    if (S_ISDIR(st.st_mode)) {
      if (entry_is_dir) return true;
      remove_tree(fd_path(parent) + "/" + name);
      std::erase_if(dir_meta_, [&](const DirMeta& m) {
        return m.path.size() >= path.size() && std::equal(path.begin(), path.end(), m.path.begin());
      });
    } else if (::unlinkat(parent, name.c_str(), 0) != 0) {
      throw Error::last_errno("remove existing");
    }
    return false;
  }

  void unpack(archive* tar, archive_entry* e, const std::vector<std::string>& path) {
    if (const char* target = archive_entry_hardlink(e)) return hardlink(target, path);
    mode_t type = archive_entry_filetype(e);
    if (path.empty()) {
      if (type != AE_IFDIR) refuse("it names the layer's root but is not a directory");
      if (options_.merge_into_existing) return;  // docker leaves the existing directory alone
      return directory(e, path, -1);
    }
    const std::string& base = path.back();
    if (options_.overlay_whiteouts) {
      switch (classify_whiteout(base)) {
        case WhiteoutKind::kNone:
          break;
        case WhiteoutKind::kMeta:
          return;
        case WhiteoutKind::kOpaque:
          return opaque(path);
        case WhiteoutKind::kFile:
          return whiteout(e, path);
      }
    }
    UniqueFd parent = walk(path, path.size() - 1, true);
    switch (type) {
      case AE_IFREG:
        return regular_file(tar, e, parent.get(), path);
      case AE_IFDIR:
        return directory(e, path, parent.get());
      case AE_IFLNK:
        return symlink(e, parent.get(), path);
      case AE_IFIFO:
        return fifo(e, parent.get(), path);
      case AE_IFCHR:
      case AE_IFBLK:
        refuse("device nodes are not allowed in a layer");
      default:
        refuse(fmt::format("unsupported entry type {:o}", type));
    }
  }

  void set_owner_mode_xattrs(int fd, archive_entry* e) const {
    auto owner = owner_of(e);
    if (owner && ::fchown(fd, owner->first, owner->second) != 0) throw Error::last_errno("chown");
    // After chown, which clears set-id bits; file capabilities last, chown clears them too.
    if (::fchmod(fd, archive_entry_perm(e) & 07777) != 0) throw Error::last_errno("chmod");
    set_xattrs(fd, e);
  }

  void set_xattrs(int fd, archive_entry* e) const {
    archive_entry_xattr_reset(e);
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
      if (!xattr_allowed(name)) continue;
      if (::fsetxattr(fd, name, value, size, 0) == 0) continue;
      // Like docker: a filesystem without xattrs, or file capabilities when not root, loses them.
      if (errno == ENOTSUP || (errno == EPERM && !is_root_)) continue;
      throw Error::last_errno(fmt::format("set xattr {}", name));
    }
  }

  static void entry_times(archive_entry* e, timespec times[2]) {
    times[1] = {archive_entry_mtime(e), archive_entry_mtime_nsec(e)};
    times[0] = archive_entry_atime_is_set(e)
                   ? timespec{archive_entry_atime(e), archive_entry_atime_nsec(e)}
                   : times[1];
  }

  void chown_at(int parent, const std::string& name, archive_entry* e) const {
    auto owner = owner_of(e);
    if (owner &&
        ::fchownat(parent, name.c_str(), owner->first, owner->second, AT_SYMLINK_NOFOLLOW) != 0)
      throw Error::last_errno("chown");
  }

  void times_at(int parent, const std::string& name, archive_entry* e) const {
    timespec times[2];
    entry_times(e, times);
    if (::utimensat(parent, name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
      throw Error::last_errno("set times");
  }

  void regular_file(archive* tar, archive_entry* e, int parent,
                    const std::vector<std::string>& path) {
    const std::string& name = path.back();
    clear_target(parent, path, false);
    UniqueFd file(
        ::openat(parent, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!file) throw Error::last_errno("create");
    for (;;) {
      const void* block = nullptr;
      size_t len = 0;
      la_int64_t offset = 0;
      int r = archive_read_data_block(tar, &block, &len, &offset);
      if (r == ARCHIVE_EOF) break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN) malformed(tar);
      pwrite_all(file.get(), static_cast<const char*>(block), len, static_cast<off_t>(offset));
    }
    if (::ftruncate(file.get(), static_cast<off_t>(archive_entry_size(e))) != 0)
      throw Error::last_errno("truncate");
    set_owner_mode_xattrs(file.get(), e);
    timespec times[2];
    entry_times(e, times);
    if (::futimens(file.get(), times) != 0) throw Error::last_errno("set times");
    size_ += static_cast<uint64_t>(archive_entry_size(e));
    unpacked_.insert(join(path, "/"));
  }

  // `parent` is -1 for the layer's root ("./").
  void directory(archive_entry* e, const std::vector<std::string>& path, int parent) {
    UniqueFd dir;
    if (parent < 0) {
      dir = reopen_dir(root_.get());
    } else {
      const char* name = path.back().c_str();
      if (!clear_target(parent, path, true) && ::mkdirat(parent, name, 0700) != 0)
        throw Error::last_errno("mkdir");
      dir.reset(::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!dir) throw Error::last_errno("open directory");
    }
    auto owner = owner_of(e);
    if (owner && ::fchown(dir.get(), owner->first, owner->second) != 0)
      throw Error::last_errno("chown");
    set_xattrs(dir.get(), e);
    DirMeta meta{path, static_cast<mode_t>(archive_entry_perm(e) & 07777), {}};
    entry_times(e, meta.times);
    dir_meta_.push_back(std::move(meta));
  }

  void symlink(archive_entry* e, int parent, const std::vector<std::string>& path) {
    const std::string& name = path.back();
    const char* target = archive_entry_symlink(e);
    if (!target || !*target) refuse("symlink without a target");
    clear_target(parent, path, false);
    if (::symlinkat(target, parent, name.c_str()) != 0) throw Error::last_errno("symlink");
    chown_at(parent, name, e);
    times_at(parent, name, e);
    unpacked_.insert(join(path, "/"));
  }

  void fifo(archive_entry* e, int parent, const std::vector<std::string>& path) {
    const std::string& name = path.back();
    clear_target(parent, path, false);
    if (::mkfifoat(parent, name.c_str(), 0600) != 0) throw Error::last_errno("mkfifo");
    chown_at(parent, name, e);
    if (::fchmodat(parent, name.c_str(), archive_entry_perm(e) & 07777, 0) != 0)
      throw Error::last_errno("chmod");
    times_at(parent, name, e);
    unpacked_.insert(join(path, "/"));
  }

  void hardlink(const char* target_name, const std::vector<std::string>& path) {
    if (path.empty()) refuse("a hard link cannot be the layer's root");
    auto target = components(target_name, "its hard link target");
    std::string target_key = join(target, "/");
    if (target.empty() || !unpacked_.contains(target_key))
      refuse(fmt::format("hard link to \"{}\", which this layer has not unpacked before",
                         target_name));
    if (target_key == join(path, "/")) refuse("hard link to itself");
    UniqueFd target_parent = walk(target, target.size() - 1, false);
    UniqueFd parent = walk(path, path.size() - 1, true);
    clear_target(parent.get(), path, false);
    if (::linkat(target_parent.get(), target.back().c_str(), parent.get(), path.back().c_str(),
                 0) != 0)
      throw Error::last_errno("link");
    unpacked_.insert(join(path, "/"));
  }

  void whiteout(archive_entry* e, const std::vector<std::string>& path) {
    std::string hidden = path.back().substr(kWhiteoutPrefix.size());
    if (hidden.empty() || hidden == "." || hidden == "..") refuse("whiteout without a valid name");
    UniqueFd parent = walk(path, path.size() - 1, true);
    std::vector<std::string> hidden_path(path.begin(), path.end() - 1);
    hidden_path.push_back(hidden);
    clear_target(parent.get(), hidden_path, false);
    make_overlay_whiteout(parent.get(), hidden, name_);
    chown_at(parent.get(), hidden, e);
  }

  void opaque(const std::vector<std::string>& path) {
    UniqueFd parent = walk(path, path.size() - 1, true);
    mark_opaque(reopen_dir(parent.get()).get(), name_);
  }

  UniqueFd root_;
  std::string what_;
  const UnpackOptions& options_;
  TarStream& stream_;
  bool is_root_;
  std::string name_;                          // the entry being unpacked, for errors
  std::unordered_set<std::string> unpacked_;  // non-directories so far: valid hard link targets
  std::vector<DirMeta> dir_meta_;
  uint64_t size_ = 0;
};

}  // namespace

UnpackResult unpack_layer(int fd, const std::string& dest, std::string_view what,
                          const UnpackOptions& options) {
  UniqueFd root(::open(dest.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root) throw Error::last_errno("open", dest).with_exit_code(ExitCode::kEngine);
  return unpack_layer_at(fd, root.get(), what, options);
}

UnpackResult unpack_layer_at(int fd, int dest_fd, std::string_view what,
                             const UnpackOptions& options) {
  UniqueFd root(::fcntl(dest_fd, F_DUPFD_CLOEXEC, 3));
  if (!root) throw Error::last_errno("dup").with_exit_code(ExitCode::kEngine);
  Utf8Locale utf8;
  TarStream stream(fd, what, options.tee_path);
  ArchiveReader tar = stream.open_tar();
  Unpacker unpacker(std::move(root), options, stream);
  for (;;) {
    archive_entry* e = nullptr;
    int r = archive_read_next_header(tar.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) unpacker.malformed(tar.get());
    unpacker.entry(tar.get(), e);
  }
  unpacker.finish();
  UnpackResult result;
  result.diff_id = stream.finish();
  result.size = unpacker.size();
  return result;
}

std::string digest_layer(int fd, std::string_view what) {
  TarStream stream(fd, what);
  return stream.finish();
}

}  // namespace berth::image

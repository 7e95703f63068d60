// Creating files inside a step's root for COPY/ADD/WORKDIR, and ADD's archive extraction.
#include "image/build_copy.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/safe_path.hpp"
#include "image/dockerignore.hpp"

namespace berth::image {
namespace {

std::pair<std::string, std::string> split_parent(std::string_view clean) {
  size_t slash = clean.rfind('/');
  std::string parent(clean.substr(0, slash));
  return {parent.empty() ? "/" : parent, std::string(clean.substr(slash + 1))};
}

// Removes the directory `name` in `dir_fd` and everything in it, never following symlinks.
void remove_tree_at(int dir_fd, const std::string& name) {
  int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) throw Error::last_errno("open", name);
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    throw Error::last_errno("fdopendir", name);
  }
  std::unique_ptr<DIR, int (*)(DIR*)> guard(d, ::closedir);
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    struct stat st;
    if (::fstatat(fd, n.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) throw Error::last_errno("stat", n);
    if (S_ISDIR(st.st_mode)) remove_tree_at(fd, n);
    else if (::unlinkat(fd, n.c_str(), 0) != 0) throw Error::last_errno("unlink", n);
  }
  guard.reset();
  if (::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0) throw Error::last_errno("rmdir", name);
}

void copy_data(int fd, const DataReader& data, const std::string& what) {
  char buf[65536];
  for (;;) {
    size_t n = data(buf, sizeof buf);
    if (n == 0) return;
    try {
      write_all(fd, std::string_view(buf, n));
    } catch (Error& e) {
      throw std::move(e).context(fmt::format("write {}", what));
    }
  }
}

void set_owner_and_mode(int dir_fd, const std::string& name, const EntryMeta& m, const std::string& path) {
  if (::fchownat(dir_fd, name.c_str(), m.uid, m.gid, AT_SYMLINK_NOFOLLOW) != 0) throw Error::last_errno("chown", path);
  // After chown, which clears set-id bits.
  if (!S_ISLNK(m.mode) && ::fchmodat(dir_fd, name.c_str(), m.mode & 07777, 0) != 0)
    throw Error::last_errno("chmod", path);
}

}  // namespace

RootfsWriter::RootfsWriter(int root_fd, Owner new_dir_owner) : root_fd_(root_fd), owner_(new_dir_owner) {}

UniqueFd RootfsWriter::make_dirs(std::string_view dir) {
  std::string prefix;
  for (const auto& part : path_components(clean_path(dir))) {
    std::string parent = prefix.empty() ? "/" : prefix;
    prefix += "/" + part;
    try {
      open_in_root(root_fd_, prefix, O_PATH | O_DIRECTORY);
      continue;
    } catch (const Error& e) {
      if (e.err() == ENOTDIR) throw Error(fmt::format("mkdir {}: not a directory", prefix), ExitCode::kEngine);
      if (e.err() != ENOENT) throw;
    }
    UniqueFd pfd = open_in_root(root_fd_, parent, O_PATH | O_DIRECTORY);
    // A dangling symlink in the way: docker creates its target's directory instead; refuse.
    if (::mkdirat(pfd.get(), part.c_str(), 0755) != 0) throw Error::last_errno("mkdir", prefix);
    EntryMeta m{S_IFDIR | 0755, owner_.uid, owner_.gid, {}, 0, {}, {}, {}};
    set_owner_and_mode(pfd.get(), part, m, prefix);
  }
  return open_in_root(root_fd_, clean_path(dir), O_PATH | O_DIRECTORY);
}

bool RootfsWriter::is_dir(std::string_view path) const {
  try {
    UniqueFd fd = open_in_root(root_fd_, clean_path(path), O_PATH);
    struct stat st;
    return ::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode);
  } catch (const Error& e) {
    if (e.err() == ENOENT || e.err() == ENOTDIR) return false;
    throw;
  }
}

int RootfsWriter::parent_fd(std::string_view parent) {
  if (!cached_fd_ || cached_parent_ != parent) {
    cached_fd_ = make_dirs(parent);
    cached_parent_ = std::string(parent);
  }
  return cached_fd_.get();
}

void RootfsWriter::write(std::string_view raw_path, const EntryMeta& m, const DataReader& data) {
  std::string path = clean_path(raw_path);
  if (path == "/") return;  // the root itself keeps its metadata
  auto [parent, name] = split_parent(path);
  int pfd = parent_fd(parent);
  struct stat st;
  bool exists = ::fstatat(pfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (S_ISDIR(m.mode)) {
    if (exists && !S_ISDIR(st.st_mode) && ::unlinkat(pfd, name.c_str(), 0) != 0) throw Error::last_errno("unlink", path);
    if ((!exists || !S_ISDIR(st.st_mode)) && ::mkdirat(pfd, name.c_str(), 0700) != 0)
      throw Error::last_errno("mkdir", path);
    set_owner_and_mode(pfd, name, m, path);
    return;
  }
  if (exists) {
    if (S_ISDIR(st.st_mode)) remove_tree_at(pfd, name);
    else if (::unlinkat(pfd, name.c_str(), 0) != 0) throw Error::last_errno("unlink", path);
  }
  if (!m.hardlink_to.empty()) {
    UniqueFd target = open_in_root(root_fd_, clean_path(m.hardlink_to), O_PATH | O_NOFOLLOW);
    if (::linkat(target.get(), "", pfd, name.c_str(), AT_EMPTY_PATH) != 0) throw Error::last_errno("link", path);
    return;
  }
  timespec times[2] = {m.mtime, m.mtime};
  if (S_ISREG(m.mode)) {
    UniqueFd fd(::openat(pfd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd) throw Error::last_errno("create", path);
    copy_data(fd.get(), data, path);
    if (::fchown(fd.get(), m.uid, m.gid) != 0) throw Error::last_errno("chown", path);
    if (::fchmod(fd.get(), m.mode & 07777) != 0) throw Error::last_errno("chmod", path);
    if (!m.capability.empty() &&
        ::fsetxattr(fd.get(), "security.capability", m.capability.data(), m.capability.size(), 0) != 0)
      throw Error::last_errno("set file capabilities", path);
    ::futimens(fd.get(), times);
    return;
  }
  if (S_ISLNK(m.mode)) {
    if (::symlinkat(m.link_target.c_str(), pfd, name.c_str()) != 0) throw Error::last_errno("symlink", path);
  } else if (S_ISCHR(m.mode) || S_ISBLK(m.mode) || S_ISFIFO(m.mode)) {
    if (::mknodat(pfd, name.c_str(), (m.mode & S_IFMT) | 0600, m.rdev) != 0) throw Error::last_errno("mknod", path);
  } else {
    return;  // sockets are not copied
  }
  set_owner_and_mode(pfd, name, m, path);
  ::utimensat(pfd, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

namespace {

struct ReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using Reader = std::unique_ptr<archive, ReadFree>;

Reader open_archive(const std::string& path) {
  Reader a(archive_read_new());
  if (!a) throw Error("libarchive: out of memory");
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 65536) != ARCHIVE_OK) return nullptr;
  return a;
}

const char* archive_message(archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown error";
}

}  // namespace

bool is_tar_archive(const std::string& path) {
  Reader a = open_archive(path);
  archive_entry* entry = nullptr;
  return a && archive_read_next_header(a.get(), &entry) == ARCHIVE_OK;
}

void extract_archive(const std::string& path, RootfsWriter& writer, const std::string& dest,
                     const std::optional<Owner>& owner, const std::optional<mode_t>& chmod) {
  Reader a = open_archive(path);
  if (!a) throw Error(fmt::format("open archive {}", path), ExitCode::kEngine);
  archive_entry* entry = nullptr;
  for (;;) {
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) throw Error(fmt::format("read archive {}: {}", path, archive_message(a.get())), ExitCode::kEngine);
    const char* name = archive_entry_pathname(entry);
    if (!name) continue;
    // Names are kept inside dest lexically; the writer keeps them inside the root whatever
    // symlinks the archive made.
    std::string rel = go_clean_path("/" + std::string(name));
    EntryMeta m;
    m.mode = archive_entry_mode(entry);
    if (chmod) m.mode = (m.mode & S_IFMT) | *chmod;
    m.uid = owner ? owner->uid : static_cast<uid_t>(archive_entry_uid(entry));
    m.gid = owner ? owner->gid : static_cast<gid_t>(archive_entry_gid(entry));
    m.mtime = {archive_entry_mtime(entry), archive_entry_mtime_nsec(entry)};
    m.rdev = archive_entry_rdev(entry);
    if (const char* t = archive_entry_symlink(entry)) m.link_target = t;
    if (const char* h = archive_entry_hardlink(entry)) m.hardlink_to = dest + go_clean_path("/" + std::string(h));
    writer.write(dest + rel, m, [&](char* buf, size_t size) -> size_t {
      la_ssize_t n = archive_read_data(a.get(), buf, size);
      if (n < 0) throw Error(fmt::format("read archive {}: {}", path, archive_message(a.get())), ExitCode::kEngine);
      return static_cast<size_t>(n);
    });
  }
}

std::optional<std::string> read_root_file(int root_fd, std::string_view path) {
  try {
    UniqueFd fd = open_in_root(root_fd, clean_path(path), O_RDONLY);
    return read_fd(fd.get());
  } catch (const Error& e) {
    if (e.err() == ENOENT || e.err() == ENOTDIR) return std::nullopt;
    throw;
  }
}

}  // namespace berth::image

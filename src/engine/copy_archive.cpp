// Writing docker cp's archive of one path with libarchive's pax writer, counting its bytes.
#include "engine/copy_archive.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/safe_path.hpp"
#include "base/unique_fd.hpp"
#include "image/archive_util.hpp"
#include "image/tree_walk.hpp"

namespace berth::engine {
namespace {

using image::ArchiveEntry;

class CopyArchiveWriter {
 public:
  CopyArchiveWriter(int out_fd, std::string shown)
      : out_fd_(out_fd), shown_(std::move(shown)), writer_(archive_write_new()) {
    if (!writer_) throw Error("archive_write_new: out of memory");
    archive_write_set_format_pax_restricted(writer_.get());
    // Go's tar writer ends with the two zero blocks alone; libarchive would pad to 10 KiB.
    archive_write_set_bytes_in_last_block(writer_.get(), 1);
    if (archive_write_open(writer_.get(), this, nullptr, &CopyArchiveWriter::write_out, nullptr) !=
        ARCHIVE_OK)
      fail("open");
  }

  uint64_t run(int object_fd, const std::string& top_name) {
    struct stat st;
    if (::fstat(object_fd, &st) != 0) throw Error::last_errno("stat", shown_);
    if (S_ISDIR(st.st_mode)) {
      UniqueFd dir(::openat(object_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      if (!dir) throw Error::last_errno("open", shown_);
      add(dir.get(), "", top_name, st);
      image::walk_tree(dir.get(), shown_, [&](const image::TreeEntry& e) {
        add(e.parent_fd, e.name, top_name + "/" + e.rel, e.st);
        return image::Descend::kYes;
      });
    } else {
      add(object_fd, "", top_name, st);
    }
    if (archive_write_close(writer_.get()) != ARCHIVE_OK) fail("close");
    return bytes_;
  }

 private:
  [[noreturn]] void fail(std::string_view op) {
    if (failure_) throw *failure_;
    throw Error(fmt::format("archive {}: {}: {}", shown_, op, image::archive_error(writer_.get())));
  }

  static la_ssize_t write_out(archive* a, void* self, const void* buffer, size_t length) {
    auto* w = static_cast<CopyArchiveWriter*>(self);
    try {
      write_all(w->out_fd_, std::string_view(static_cast<const char*>(buffer), length));
    } catch (const Error& e) {
      w->failure_ = e;
      archive_set_error(a, e.err() ? e.err() : EIO, "%s", e.what());
      return -1;
    }
    w->bytes_ += length;
    return static_cast<la_ssize_t>(length);
  }

  // One entry: `dir_fd` and `name` locate it (an empty name: `dir_fd` is the object itself).
  void add(int dir_fd, const std::string& name, const std::string& archive_name,
           const struct stat& st) {
    // A socket belongs to a process that is not at the other end: tar cannot hold it.
    if (S_ISSOCK(st.st_mode)) return;
    std::string shown = archive_name;
    UniqueFd data;
    struct stat current = st;
    if (S_ISREG(st.st_mode)) {
      data = open_regular(dir_fd, name, shown);
      if (::fstat(data.get(), &current) != 0) throw Error::last_errno("stat", shown);
    }
    ArchiveEntry entry(archive_entry_new());
    archive_entry_copy_stat(entry.get(), &current);
    archive_entry_set_pathname(entry.get(), S_ISDIR(current.st_mode) ? (archive_name + "/").c_str()
                                                                     : archive_name.c_str());
    archive_entry_unset_atime(entry.get());
    archive_entry_unset_ctime(entry.get());
    archive_entry_unset_birthtime(entry.get());
    archive_entry_set_mtime(entry.get(), current.st_mtim.tv_sec, 0);
    if (S_ISLNK(current.st_mode))
      archive_entry_set_symlink(entry.get(), link_target(dir_fd, name, shown).c_str());
    if (!S_ISREG(current.st_mode)) archive_entry_set_size(entry.get(), 0);
    bool linked = S_ISREG(current.st_mode) && current.st_nlink > 1 &&
                  link_to_earlier(entry.get(), current, archive_name);
    if (data && !linked) add_capability(entry.get(), data.get());
    if (archive_write_header(writer_.get(), entry.get()) < ARCHIVE_WARN) fail("write " + shown);
    if (data && !linked) copy_data(data.get(), current.st_size, shown);
  }

  // O_NONBLOCK: a fifo swapped in for the file since it was looked at must not hang the copy;
  // it is refused below as the non-regular file it is.
  static UniqueFd open_regular(int dir_fd, const std::string& name, const std::string& shown) {
    UniqueFd fd(name.empty() ? ::open(fd_path(dir_fd).c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)
                             : ::openat(dir_fd, name.c_str(),
                                        O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) throw Error::last_errno("open", shown);
    struct stat st;
    if (::fstat(fd.get(), &st) != 0) throw Error::last_errno("stat", shown);
    if (!S_ISREG(st.st_mode)) throw Error::from_errno(EAGAIN, "open (changed while copied)", shown);
    return fd;
  }

  static std::string link_target(int dir_fd, const std::string& name, const std::string& shown) {
    std::string target(4096, '\0');
    ssize_t n = ::readlinkat(dir_fd, name.c_str(), target.data(), target.size());
    if (n < 0) throw Error::last_errno("readlink", shown);
    target.resize(static_cast<size_t>(n));
    return target;
  }

  bool link_to_earlier(archive_entry* entry, const struct stat& st,
                       const std::string& archive_name) {
    auto [it, inserted] = first_names_.try_emplace({st.st_dev, st.st_ino}, archive_name);
    if (inserted) return false;
    archive_entry_set_hardlink(entry, it->second.c_str());
    archive_entry_set_size(entry, 0);
    return true;
  }

  // docker keeps file capabilities and no other attribute.
  static void add_capability(archive_entry* entry, int fd) {
    char value[256];
    ssize_t n = ::fgetxattr(fd, "security.capability", value, sizeof value);
    if (n > 0)
      archive_entry_xattr_add_entry(entry, "security.capability", value, static_cast<size_t>(n));
  }

  // A file that grows meanwhile is cut at the size in its header, one that shrinks is padded
  // with zeros by libarchive: the archive stays well-formed either way.
  void copy_data(int fd, off_t size, const std::string& shown) {
    char buf[65536];
    for (off_t left = size; left > 0;) {
      ssize_t n = ::read(fd, buf, static_cast<size_t>(std::min<off_t>(left, sizeof buf)));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw Error::last_errno("read", shown);
      if (n == 0) return;
      if (archive_write_data(writer_.get(), buf, static_cast<size_t>(n)) < 0)
        fail("write " + shown);
      left -= n;
    }
  }

  int out_fd_;
  std::string shown_;
  image::ArchiveWriter writer_;
  uint64_t bytes_ = 0;
  std::optional<Error> failure_;                                // why writing out failed
  std::map<std::pair<dev_t, ino_t>, std::string> first_names_;  // multiply-linked files seen
};

}  // namespace

uint64_t write_copy_archive(int object_fd, const std::string& top_name, int out_fd,
                            const std::string& shown) {
  image::Utf8Locale utf8;
  return CopyArchiveWriter(out_fd, shown).run(object_fd, top_name);
}

}  // namespace berth::engine

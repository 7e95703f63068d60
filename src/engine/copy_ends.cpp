// Looking up both ends of a copy: the container's through fds inside its root, the local one as
// docker's CLI does (the caller's own paths, its symlinks followed as given).
#include "engine/copy_ends.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "base/error.hpp"
#include "base/safe_path.hpp"
#include "engine/copy_paths.hpp"

namespace berth::engine {
namespace {

// Go's *PathError text: "lstat /x: no such file or directory".
Error go_path_error(std::string_view op, const std::string& path, int err) {
  return Error(fmt::format("{} {}: {}", op, path, go_errno_text(err)));
}

Error not_found(const std::string& abs_path, const std::string& ref) {
  return Error(fmt::format("Could not find the file {} in container {}", abs_path, ref));
}

// Go's filepath.Split: the directory with its trailing slash, and the last element.
std::pair<std::string, std::string> split_last(const std::string& path) {
  auto slash = path.find_last_of('/');
  return {path.substr(0, slash + 1), path.substr(slash + 1)};
}

std::string read_link(int fd, const std::string& shown) {
  std::string target(4096, '\0');
  ssize_t n = ::readlinkat(fd, "", target.data(), target.size());
  if (n < 0) throw Error::last_errno("readlink", shown);
  target.resize(static_cast<size_t>(n));
  return target;
}

// Why Go's filepath.EvalSymlinks(path) fails: the first missing element, or a file where a
// directory was needed.
Error eval_symlinks_error(const std::string& path) {
  auto parts = path_components(path);
  std::string prefix;
  for (size_t i = 0; i < parts.size(); ++i) {
    prefix += "/" + parts[i];
    struct stat st;
    if (::stat(prefix.c_str(), &st) != 0) return go_path_error("lstat", prefix, errno);
    bool more = i + 1 < parts.size() || has_trailing_separator(path);
    if (more && !S_ISDIR(st.st_mode)) return Error(go_errno_text(ENOTDIR));
  }
  return go_path_error("lstat", path, errno ? errno : ENOENT);
}

std::string real_path(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> real(::realpath(path.c_str(), nullptr), &std::free);
  if (!real) throw eval_symlinks_error(path);
  return real.get();
}

}  // namespace

ContainerEntry find_in_container(const CopyView& view, const std::string& abs_path,
                                 const std::string& ref) {
  auto [dir, base] = split_last(abs_path);
  ContainerEntry entry;
  try {
    if (base.empty() || base == ".") {
      // "/d/" and "/d/." name the directory, a symlink to one followed (inside the root).
      entry.fd = open_in_root(view.root(), abs_path, O_PATH | O_DIRECTORY);
    } else {
      UniqueFd parent = open_in_root(view.root(), dir, O_PATH | O_DIRECTORY);
      entry.fd = UniqueFd(::openat(parent.get(), base.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
      if (!entry.fd) throw Error::last_errno("open", abs_path);
    }
    if (::fstat(entry.fd.get(), &entry.st) != 0) throw Error::last_errno("stat", abs_path);
  } catch (const Error& e) {
    if (e.err() == ENOENT) throw not_found(abs_path, ref);
    if (e.err() == 0) throw;
    throw go_path_error("lstat", abs_path, e.err());
  }
  return entry;
}

std::optional<ContainerEntry> try_find_in_container(const CopyView& view,
                                                    const std::string& abs_path) {
  try {
    return find_in_container(view, abs_path, "");
  } catch (const Error&) {
    return std::nullopt;  // docker's CLI goes on without the stat; the copy itself reports
  }
}

std::string container_link_target(const ContainerEntry& entry, const std::string& abs_path) {
  std::string target = read_link(entry.fd.get(), abs_path);
  if (target.starts_with('/')) return clean_path(target);
  return clean_path(split_path_dir_entry(abs_path).first + "/" + target);
}

UniqueFd open_extraction_dir(const CopyView& view, const std::string& abs_path,
                             const std::string& ref) {
  UniqueFd dir;
  try {
    dir = open_in_root(view.root(), abs_path, O_PATH);
  } catch (const Error& e) {
    if (e.err() == ENOENT) throw not_found(abs_path, ref);
    if (e.err() == 0) throw;
    throw go_path_error("lstat", abs_path, e.err());
  }
  struct stat st;
  if (::fstat(dir.get(), &st) != 0) throw Error::last_errno("stat", abs_path);
  if (!S_ISDIR(st.st_mode)) throw Error("extraction point is not a directory");
  return dir;
}

void validate_output_path(const std::string& abs_path) {
  std::string dir = path_dir(clean_path(abs_path));
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 && errno == ENOENT)
    throw Error(fmt::format("invalid output path: directory \"{}\" does not exist", dir));
  if (::stat(abs_path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw go_path_error("stat", abs_path, errno);
  }
  if (auto why = output_mode_refusal(st.st_mode))
    throw Error(fmt::format("invalid output path: \"{}\" must be a directory or a regular file: {}",
                            abs_path, *why));
}

LocalDestination local_destination(const std::string& abs_path) {
  constexpr int kMaxLinks = 10;
  std::string path = abs_path;
  struct stat st;
  int rc = ::lstat(path.c_str(), &st);
  for (int n = 0; rc == 0 && S_ISLNK(st.st_mode); ++n) {
    if (n > kMaxLinks) throw Error("too many symlinks in " + abs_path);
    UniqueFd link(::open(path.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!link) throw go_path_error("readlink", path, errno);
    std::string target = read_link(link.get(), path);
    path = target.starts_with('/') ? clean_path(target)
                                   : clean_path(split_path_dir_entry(path).first + "/" + target);
    rc = ::lstat(path.c_str(), &st);
  }
  if (rc == 0) return {path, true, S_ISDIR(st.st_mode)};
  if (errno != ENOENT) throw go_path_error("lstat", path, errno);
  // Missing is fine when its directory is there to hold it.
  std::string parent = split_path_dir_entry(path).first;
  if (::stat(parent.c_str(), &st) != 0) throw go_path_error("stat", parent, errno);
  if (!S_ISDIR(st.st_mode)) throw Error("not a directory");
  return {path, false, false};
}

LocalSource local_source(const std::string& abs_path, bool follow_link) {
  LocalSource src;
  std::string resolved;
  if (follow_link) {
    std::tie(resolved, src.rebase_name) = rebase_name(abs_path, real_path(abs_path));
  } else {
    auto [dir, base] = split_last(abs_path);
    std::string real_dir = real_path(dir);
    resolved = (real_dir == "/" ? "" : real_dir) + "/" + base;
    if (has_trailing_separator(abs_path) && path_base(abs_path) != path_base(resolved))
      src.rebase_name = path_base(abs_path);
  }
  struct stat st;
  if (::lstat(resolved.c_str(), &st) != 0) throw go_path_error("lstat", resolved, errno);
  // Its last element as lstat saw it: a symlink stays one unless the path asserts a directory.
  bool follows = has_trailing_separator(resolved) || specifies_current_dir(resolved);
  src.fd = UniqueFd(::open(resolved.c_str(), O_PATH | O_CLOEXEC | (follows ? 0 : O_NOFOLLOW)));
  if (!src.fd) throw go_path_error("open", resolved, errno);
  if (::fstat(src.fd.get(), &st) != 0) throw go_path_error("stat", resolved, errno);
  src.path = resolved;
  src.is_dir = S_ISDIR(st.st_mode);
  return src;
}

}  // namespace berth::engine

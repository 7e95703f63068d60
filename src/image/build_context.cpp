// Build context access: wildcard expansion, in-tree symlink resolution, sorted walks, digests.
#include "image/build_context.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/safe_path.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"
#include "image/build_cache.hpp"
#include "image/sha256.hpp"
#include "image/tree_walk.hpp"

namespace berth::image {
namespace {

[[noreturn]] void not_found(std::string_view what) {
  throw Error(fmt::format("file not found in build context or excluded by .dockerignore: stat {}: file does not exist",
                          what),
              ExitCode::kEngine);
}

std::string base_name(std::string_view rel) {
  size_t slash = rel.rfind('/');
  return std::string(slash == std::string_view::npos ? rel : rel.substr(slash + 1));
}

std::string child_rel(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + "/" + name;
}

std::vector<std::string> sorted_names(const std::string& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) throw Error::last_errno("opendir", dir);
  return sorted_dir_names(fd.get(), dir);
}

struct stat lstat_path(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) throw Error::last_errno("lstat", path);
  return st;
}

void hash_entry(Sha256& h, const SourceEntry& e) {
  const auto& st = e.st;
  add_field(h, e.rel);
  add_field(h, fmt::format("{:o} {}:{} {}", st.st_mode, st.st_uid, st.st_gid, S_ISREG(st.st_mode) ? st.st_size : 0));
  if (S_ISLNK(st.st_mode)) {
    char target[PATH_MAX];
    ssize_t n = ::readlink(e.path.c_str(), target, sizeof target);
    if (n < 0) throw Error::last_errno("readlink", e.path);
    add_field(h, std::string_view(target, static_cast<size_t>(n)));
  } else if (S_ISREG(st.st_mode)) {
    UniqueFd fd(::open(e.path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) throw Error::last_errno("open", e.path);
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fd.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw Error::last_errno("read", e.path);
      if (n == 0) break;
      h.update(std::string_view(buf, static_cast<size_t>(n)));
    }
  } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
    add_field(h, std::to_string(st.st_rdev));
  }
}

}  // namespace

SourceTree::SourceTree(std::string root, DockerIgnore ignore) : ignore_(std::move(ignore)) {
  char buf[PATH_MAX];
  if (!::realpath(root.c_str(), buf)) throw Error::last_errno("resolve", root);
  root_ = buf;
  root_fd_ = UniqueFd(::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd_) throw Error::last_errno("open", root_);
}

bool SourceTree::skipped(const std::string& rel, bool is_dir) const {
  if (rel.empty() || ignore_.empty() || !ignore_.excluded(rel)) return false;
  // An excluded directory is still entered when an exception may re-include something in it.
  return !(is_dir && ignore_.may_include_below(rel));
}

CopySource SourceTree::resolve_one(const std::string& rel, const std::string& name) const {
  UniqueFd fd;
  try {
    fd = open_in_root(root_fd_.get(), rel.empty() ? "." : rel, O_PATH);
  } catch (const Error& e) {
    if (e.err() == ENOENT || e.err() == ENOTDIR || e.err() == ELOOP) not_found(name);
    throw;
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) throw Error::last_errno("stat", rel);
  char buf[PATH_MAX];
  ssize_t n = ::readlink(fd_path(fd.get()).c_str(), buf, sizeof buf - 1);
  if (n < 0) throw Error::last_errno("readlink", fd_path(fd.get()));
  std::string real(buf, static_cast<size_t>(n));
  std::string real_rel;
  if (real != root_) {
    if (!real.starts_with(root_ + "/") && root_ != "/") not_found(name);
    real_rel = root_ == "/" ? real.substr(1) : real.substr(root_.size() + 1);
  }
  if (skipped(real_rel, S_ISDIR(st.st_mode))) not_found(name);
  return {real, real_rel, name, S_ISDIR(st.st_mode)};
}

CopySource SourceTree::resolve_match(const std::string& rel, const std::string& name, const struct stat& st) const {
  if (!S_ISLNK(st.st_mode)) return {root_ + "/" + rel, rel, name, S_ISDIR(st.st_mode)};
  try {
    return resolve_one(rel, name);
  } catch (const Error&) {
    return {root_ + "/" + rel, rel, name, false};  // a dangling link is copied as it is
  }
}

void SourceTree::match_level(const std::vector<std::string>& parts, size_t level, const std::string& dir_rel,
                             std::vector<CopySource>& out) const {
  std::string dir = dir_rel.empty() ? root_ : root_ + "/" + dir_rel;
  bool last = level + 1 == parts.size();
  for (const auto& name : sorted_names(dir)) {
    if (!path_match(parts[level], name)) continue;
    std::string rel = child_rel(dir_rel, name);
    struct stat st = lstat_path(root_ + "/" + rel);
    if (skipped(rel, S_ISDIR(st.st_mode))) continue;
    if (last) out.push_back(resolve_match(rel, name, st));
    else if (S_ISDIR(st.st_mode)) match_level(parts, level + 1, rel, out);
  }
}

std::vector<CopySource> SourceTree::resolve(std::string_view pattern) const {
  std::string clean = go_clean_path(pattern);
  if (clean == ".." || clean.starts_with("../"))
    throw Error(fmt::format("forbidden path outside the build context: {} ()", pattern), ExitCode::kEngine);
  std::string rel = go_clean_path("/" + std::string(pattern)).substr(1);
  if (!has_wildcards(rel)) return {resolve_one(rel, rel.empty() ? "." : base_name(rel))};
  // '*' never crosses '/', so a match has exactly the pattern's components: walk level by level.
  auto parts = split(rel, '/');
  size_t literal = 0;
  std::string prefix;
  while (literal + 1 < parts.size() && !has_wildcards(parts[literal])) prefix = child_rel(prefix, parts[literal++]);
  std::vector<CopySource> out;
  if (!prefix.empty()) {
    struct stat st;
    if (::lstat((root_ + "/" + prefix).c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || skipped(prefix, true))
      throw Error("no source files were specified", ExitCode::kEngine);
  }
  match_level(std::vector<std::string>(parts.begin() + static_cast<long>(literal), parts.end()), 0, prefix, out);
  if (out.empty()) throw Error("no source files were specified", ExitCode::kEngine);
  return out;
}

void SourceTree::walk(const CopySource& src, const std::function<void(const SourceEntry&)>& visit) const {
  std::function<void(const std::string&, const std::string&)> walk_dir = [&](const std::string& path,
                                                                             const std::string& rel) {
    for (const auto& name : sorted_names(path)) {
      SourceEntry e{path + "/" + name, child_rel(rel, name), lstat_path(path + "/" + name)};
      if (skipped(child_rel(src.rel, e.rel), S_ISDIR(e.st.st_mode))) continue;
      visit(e);
      if (S_ISDIR(e.st.st_mode)) walk_dir(e.path, e.rel);
    }
  };
  visit(SourceEntry{src.path, "", lstat_path(src.path)});
  if (src.is_dir) walk_dir(src.path, "");
}

std::string SourceTree::digest(const std::vector<CopySource>& sources) const {
  Sha256 h;
  for (const auto& src : sources) {
    add_field(h, src.name);
    walk(src, [&](const SourceEntry& e) { hash_entry(h, e); });
  }
  return h.hex_digest();
}

SourceTree open_build_context(const std::string& dir) {
  std::string ignore_file = dir + "/.dockerignore";
  DockerIgnore ignore;
  if (path_exists(ignore_file)) ignore = DockerIgnore::parse(read_file(ignore_file));
  return SourceTree(dir, std::move(ignore));
}

}  // namespace berth::image

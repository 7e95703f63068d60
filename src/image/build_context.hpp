// The trees COPY and ADD read from: the build context (less what .dockerignore excludes) or,
// for COPY --from, another stage's root. Sources are expanded (wildcards), resolved (symlinks
// followed inside the tree, never out of it), walked in a stable order and digested for the
// build cache.
#pragma once

#include <sys/stat.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"
#include "image/dockerignore.hpp"

namespace berth::image {

struct CopySource {
  std::string path;  // absolute host path of what to copy (symlinks resolved)
  std::string rel;   // the same, relative to the tree's root ("" for the root itself)
  std::string name;  // base name as the Dockerfile named it: a file copied into a dir keeps it
  bool is_dir = false;
};

struct SourceEntry {
  std::string path;  // absolute host path (not followed: a symlink is an entry of its own)
  std::string rel;   // relative to the CopySource, "" for the source itself
  struct stat st;
};

class SourceTree {
 public:
  // `root` must exist; `ignore` applies to paths relative to it.
  explicit SourceTree(std::string root, DockerIgnore ignore = {});

  // Expands a COPY/ADD source: "/a" and "a" are both relative to the root; wildcards as in Go's
  // filepath.Match, per path component. Throws Error (exit 125) with docker's wording when the
  // source leaves the tree, names nothing, or names only excluded files.
  std::vector<CopySource> resolve(std::string_view pattern) const;
  // Visits `src` and, for a directory, everything below it that is not excluded: sorted by
  // name, each directory before its contents.
  void walk(const CopySource& src, const std::function<void(const SourceEntry&)>& visit) const;
  // sha256 over the names, types, modes, owners, sizes, link targets and contents of
  // `sources` (not their times): the cache key part of COPY and ADD.
  std::string digest(const std::vector<CopySource>& sources) const;

  const std::string& root() const { return root_; }

 private:
  CopySource resolve_one(const std::string& rel, const std::string& name) const;
  // A wildcard match: symlinks are followed inside the tree, dangling ones copied as links.
  CopySource resolve_match(const std::string& rel, const std::string& name, const struct stat& st) const;
  void match_level(const std::vector<std::string>& parts, size_t level, const std::string& dir_rel,
                   std::vector<CopySource>& out) const;
  bool skipped(const std::string& rel, bool is_dir) const;

  std::string root_;  // realpath of the root
  UniqueFd root_fd_;
  DockerIgnore ignore_;
};

// The build context directory with its .dockerignore.
SourceTree open_build_context(const std::string& dir);

}  // namespace berth::image

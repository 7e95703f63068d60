// Visiting a directory tree in a fixed order, never following a symlink: the one walk behind
// packing a layer or a container's filesystem (layer_pack.hpp) and listing what a container's
// writable layer changed (layer_changes.hpp).
#pragma once

#include <sys/stat.h>

#include <functional>
#include <string>
#include <vector>

namespace berth::image {

struct TreeEntry {
  int parent_fd;     // the directory holding it, open for *at() calls while the visit lasts
  std::string name;  // its name in that directory
  std::string rel;   // its path below the root, without a leading slash: "etc/passwd"
  struct stat st;    // of the entry itself (a symlink is not followed)
};

// The names in the directory `dirfd` (without . and ..), sorted bytewise; `shown` names it in
// errors.
std::vector<std::string> sorted_dir_names(int dirfd, const std::string& shown);

// What the visitor wants done with a directory it was shown.
enum class Descend { kYes, kNo };

// Visits everything below the directory `root_fd` (not the root itself): names sorted bytewise
// within each directory, each directory before what it holds, entered through O_NOFOLLOW so a
// symlink swapped in meanwhile cannot lead out. An entry removed between being listed and being
// looked at is passed over. `shown` names the root in errors (exit 125).
void walk_tree(int root_fd, const std::string& shown,
               const std::function<Descend(const TreeEntry&)>& visit);

}  // namespace berth::image

// The sorted, symlink-safe walk over a directory tree by directory fds.
#include "image/tree_walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace berth::image {
namespace {


void walk_dir(int dirfd, const std::string& prefix, const std::string& shown,
              const std::function<Descend(const TreeEntry&)>& visit) {
  for (auto& name : sorted_dir_names(dirfd, shown + "/" + prefix)) {
    TreeEntry e{dirfd, std::move(name), {}, {}};
    e.rel = prefix + e.name;
    if (::fstatat(dirfd, e.name.c_str(), &e.st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT)
        continue;  // removed since it was listed (the tree of a running container)
      throw Error::last_errno("stat", shown + "/" + e.rel).with_exit_code(ExitCode::kEngine);
    }
    if (visit(e) == Descend::kNo || !S_ISDIR(e.st.st_mode)) continue;
    UniqueFd child(
        ::openat(dirfd, e.name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!child && errno == ENOENT) continue;
    if (!child)
      throw Error::last_errno("open", shown + "/" + e.rel).with_exit_code(ExitCode::kEngine);
    walk_dir(child.get(), e.rel + "/", shown, visit);
  }
}

}  // namespace

std::vector<std::string> sorted_dir_names(int dirfd, const std::string& shown) {
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

void walk_tree(int root_fd, const std::string& shown,
               const std::function<Descend(const TreeEntry&)>& visit) {
  walk_dir(root_fd, "", shown, visit);
}

}  // namespace berth::image

// Summing a tree's file sizes for prune's report, never following a symlink.
#include "base/tree_size.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <set>
#include <utility>

namespace berth {

uint64_t tree_bytes(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) return 0;
  uint64_t total = 0;
  std::set<std::pair<dev_t, ino_t>> linked;  // inodes with more than one name, counted once
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    struct stat st;
    if (::fstatat(AT_FDCWD, it->path().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode)) continue;
    if (st.st_nlink > 1 && !linked.emplace(st.st_dev, st.st_ino).second) continue;
    total += static_cast<uint64_t>(st.st_size);
  }
  return total;
}

}  // namespace berth

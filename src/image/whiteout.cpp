// Whiteouts between the tar form (.wh. files) and the overlayfs form (0/0 devices, opaque xattr).
#include "image/whiteout.hpp"

#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include "base/error.hpp"

namespace berth::image {

WhiteoutKind classify_whiteout(std::string_view basename) {
  if (basename == kOpaqueMarker) return WhiteoutKind::kOpaque;
  if (basename.starts_with(kWhiteoutMetaPrefix)) return WhiteoutKind::kMeta;
  if (basename.starts_with(kWhiteoutPrefix)) return WhiteoutKind::kFile;
  return WhiteoutKind::kNone;
}

void make_overlay_whiteout(int parent_fd, const std::string& name, const std::string& shown) {
  if (::mknodat(parent_fd, name.c_str(), S_IFCHR | 0, makedev(0, 0)) != 0)
    throw Error::last_errno("create whiteout", shown);
}

void mark_opaque(int dir_fd, const std::string& shown) {
  if (::fsetxattr(dir_fd, kOpaqueXattr, "y", 1, 0) != 0)
    throw Error::last_errno(std::string("set ") + kOpaqueXattr + " on", shown);
}

bool is_overlay_whiteout(const struct stat& st) {
  return S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0);
}

bool is_opaque_dir(const std::string& path) {
  char value[8];
  ssize_t n = ::lgetxattr(path.c_str(), kOpaqueXattr, value, sizeof value);
  return n == 1 && value[0] == 'y';
}

}  // namespace berth::image

// Whiteouts: how a layer says "deleted". In tars (docker/OCI): an empty file ".wh.NAME" hides NAME
// below, ".wh..wh..opq" in a directory hides everything below it. In overlayfs: a 0/0 character
// device NAME, and the xattr trusted.overlay.opaque=y on the directory.
#pragma once

#include <sys/stat.h>

#include <string>
#include <string_view>

namespace berth::image {

inline constexpr std::string_view kWhiteoutPrefix = ".wh.";
inline constexpr std::string_view kWhiteoutMetaPrefix = ".wh..wh.";
inline constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
inline constexpr const char* kOpaqueXattr = "trusted.overlay.opaque";

enum class WhiteoutKind {
  kNone,    // an ordinary name
  kFile,    // ".wh.NAME": NAME is deleted
  kOpaque,  // ".wh..wh..opq": the directory is opaque
  kMeta,    // other ".wh..wh.*": aufs bookkeeping (hard-link dirs), ignored like docker does
};

WhiteoutKind classify_whiteout(std::string_view basename);

// Creates the overlay whiteout for `name` in the directory `parent_fd` (needs CAP_MKNOD).
void make_overlay_whiteout(int parent_fd, const std::string& name, const std::string& shown);
// Marks the directory `dir_fd` (opened O_RDONLY) opaque (needs CAP_SYS_ADMIN: trusted.*).
void mark_opaque(int dir_fd, const std::string& shown);

// True for overlayfs' whiteout: a character device 0/0.
bool is_overlay_whiteout(const struct stat& st);
// True when the directory at `path` carries trusted.overlay.opaque=y.
bool is_opaque_dir(const std::string& path);

}  // namespace berth::image

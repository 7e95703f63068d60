// Unpacking an untrusted layer tar (plain, gzip, bzip2, xz or zstd) into a directory, hashing the
// uncompressed stream on the way: the digest is the layer's diff id.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace berth::image {

struct UnpackOptions {
  // Layers: ".wh." entries become overlay whiteouts. Image archives (the outer tar of `load`):
  // they are ordinary files.
  bool overlay_whiteouts = true;
  // When set, the uncompressed tar is also written to this (new) file.
  std::string tee_path;
  // `berth cp` (docker's NoOverwriteDirNonDir): into a directory that already holds things, an
  // existing directory is never replaced by a non-directory nor a non-directory by a directory,
  // and the archive's own "./" leaves the destination as it is. The refusal names the paths
  // as `shown_dest` + the entry, in docker's words.
  bool merge_into_existing = false;
  std::string shown_dest;
  // Owners: the archive's (when root), `owner` for every entry, or (keep_owners false) the
  // caller's, as files it creates get them.
  bool keep_owners = true;
  std::optional<std::pair<uid_t, gid_t>> owner;
};

struct UnpackResult {
  std::string diff_id;  // "sha256:<hex>" of the uncompressed tar
  uint64_t size = 0;    // bytes of the regular files unpacked
};

// Unpacks the stream on `fd` into the existing, empty directory `dest`. Refuses, with an Error
// (exit 125) naming `what` and the entry: absolute names, ".." components, entries below a symlink
// of the layer, hard links to anything not unpacked before from this layer, device nodes, and
// malformed or truncated archives. On error `dest` holds partial content: the caller removes it.
// Keeps owners (when root), modes incl. set-id bits, mtimes, symlinks, hard links and the xattrs
// user.* and security.capability.
UnpackResult unpack_layer(int fd, const std::string& dest, std::string_view what,
                          const UnpackOptions& options = {});

// Like unpack_layer, into the directory `dest_fd` (any fd of it; it is duplicated). An empty
// `what` leaves the messages without a prefix.
UnpackResult unpack_layer_at(int fd, int dest_fd, std::string_view what,
                             const UnpackOptions& options = {});

// Only decompresses and hashes the stream on `fd`: the diff id of a layer that is stored already.
std::string digest_layer(int fd, std::string_view what);

}  // namespace berth::image

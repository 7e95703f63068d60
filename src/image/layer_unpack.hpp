// Unpacking an untrusted layer tar (plain, gzip, bzip2, xz or zstd) into a directory, hashing the
// uncompressed stream on the way: the digest is the layer's diff id.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace berth::image {

struct UnpackOptions {
  // Layers: ".wh." entries become overlay whiteouts. Image archives (the outer tar of `load`):
  // they are ordinary files.
  bool overlay_whiteouts = true;
  // When set, the uncompressed tar is also written to this (new) file.
  std::string tee_path;
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

// Only decompresses and hashes the stream on `fd`: the diff id of a layer that is stored already.
std::string digest_layer(int fd, std::string_view what);

}  // namespace berth::image

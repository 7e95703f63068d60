// Packing a directory tree as a layer tar: `import DIR`, and a build step's overlay upperdir.
#pragma once

#include <string>

namespace berth::image {

// Writes the tree under `dir` as an uncompressed tar to `out_fd`: names sorted, mtimes in whole
// seconds, no atime/ctime, so the same tree always gives the same diff id. With `from_overlay`,
// overlay whiteouts (0/0 devices) become ".wh.NAME" entries and opaque directories get a
// ".wh..wh..opq" entry. Sockets are skipped (tar cannot hold them), as docker does.
void pack_layer(const std::string& dir, int out_fd, bool from_overlay);

}  // namespace berth::image

// Packing a directory tree as a tar: a layer (`import DIR`, a build step's overlay upperdir), or a
// container's whole filesystem (`export`).
#pragma once

#include <set>
#include <string>

namespace berth::image {

// Writes the tree under `dir` as an uncompressed tar to `out_fd`: names sorted, mtimes in whole
// seconds, no atime/ctime, so the same tree always gives the same diff id. With `from_overlay`,
// overlay whiteouts (0/0 devices) become ".wh.NAME" entries and opaque directories get a
// ".wh..wh..opq" entry. Sockets are skipped (tar cannot hold them), as docker does. The paths in
// `leave_out` (below `dir`, no leading slash) are left out with all they hold.
void pack_layer(const std::string& dir, int out_fd, bool from_overlay,
                const std::set<std::string>& leave_out = {});

// Writes the tree below the directory `root_fd` (a container's mounted rootfs) as pack_layer
// does without whiteouts, in the same order and form; a directory on another filesystem (a
// mount point) is written empty. `shown` names the tree in errors.
void pack_tree(int root_fd, const std::string& shown, int out_fd);

}  // namespace berth::image

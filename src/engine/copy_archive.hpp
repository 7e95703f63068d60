// The tar `berth cp` moves between the two ends of a copy, as docker's archive of one path: the
// object under a chosen top name, and for a directory everything below it ("NAME/", "NAME/x").
//
// The object and its tree are read through fds (O_NOFOLLOW below the top): a symlink is archived
// as a symlink, never followed, so a container that swaps a directory for a link to the host's /
// meanwhile gets an error, not the host's files.
#pragma once

#include <cstdint>
#include <string>

namespace berth::engine {

// Writes the archive of the object `object_fd` (an O_PATH fd, of a symlink too) to `out_fd` as
// an uncompressed pax tar: names sorted, mtimes in whole seconds, no atime or ctime, owners by
// number, security.capability kept, hard links within it kept, sockets left out, as docker
// writes it. `shown` names the object in errors. Returns the archive's size in bytes.
uint64_t write_copy_archive(int object_fd, const std::string& top_name, int out_fd,
                            const std::string& shown);

}  // namespace berth::engine

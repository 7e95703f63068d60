// Copying a directory tree between two open directories without ever following a symlink.
//
// Both sides are walked with openat(O_NOFOLLOW) relative to directory fds: a symlink in the
// source is copied as a symlink, and a symlink swapped into the destination while we copy
// cannot redirect a write (every file is created with O_CREAT|O_EXCL|O_NOFOLLOW and then
// changed through its own fd).
#pragma once

namespace berth {

// Copies everything inside `src_dir` into `dst_dir` (both O_RDONLY|O_DIRECTORY fds): regular
// files, directories, symlinks, device nodes and fifos with their owner, mode, times and (where
// the destination takes them) extended attributes; hard links stay hard links. Sockets are
// skipped. An entry that already exists in `dst_dir` is an error (EEXIST).
void copy_tree_contents(int src_dir, int dst_dir);

// Gives `dst` the owner and permission bits of `src` (both fds of the objects themselves).
void copy_owner_and_mode(int src, int dst);

// True when the directory has no entries besides "." and "..".
bool dir_is_empty(int dir_fd);

// Removes everything inside the directory, never following a symlink; the directory stays.
void remove_tree_contents(int dir_fd);

}  // namespace berth

// Symlink-safe path resolution inside a root directory (a container's rootfs).
//
// Every path that comes from untrusted input (config.json mounts, image layers, volumes) is
// resolved with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): ".." and absolute symlinks
// stay inside the root. Callers act on the returned fd (mount through /proc/self/fd/N), never
// on a string path that a symlink swapped in afterwards could redirect (CVE-2021-30465).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"

namespace berth {

// Opens `path` inside `root_fd`. `flags` are open(2) flags; O_CLOEXEC is always added.
UniqueFd open_in_root(int root_fd, std::string_view path, int flags, unsigned mode = 0);

// Makes the directory `path` and its missing parents inside the root; returns an O_PATH fd to it.
UniqueFd mkdir_all_in_root(int root_fd, std::string_view path, unsigned mode = 0755);

// Makes an empty regular file at `path` (parents too) inside the root, unless something is
// already there; returns an O_PATH fd to what is there.
UniqueFd create_file_in_root(int root_fd, std::string_view path, unsigned mode = 0644);

// "/proc/self/fd/N": the name under which mount(2) and friends act on exactly this fd.
std::string fd_path(int fd);

// Splits a path into its non-empty, non-"." components.
std::vector<std::string> path_components(std::string_view path);

// Lexically cleans a path: collapses "//", ".", and ".." (never above "/"). Result is absolute.
std::string clean_path(std::string_view path);

}  // namespace berth

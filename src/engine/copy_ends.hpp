// The two ends of a `berth cp`, looked up as docker's CLI (the local end) and dockerd (the
// container's end) look them up, with their words for what is wrong.
//
// The container's end is only ever reached through fds resolved inside the container's root
// (CopyView::root(), RESOLVE_IN_ROOT): a path string naming something in the container is never
// handed to the kernel from the host's "/".
#pragma once

#include <sys/stat.h>

#include <optional>
#include <string>

#include "base/unique_fd.hpp"
#include "engine/copy_view.hpp"

namespace berth::engine {

// Something found in the container: an O_PATH fd of it (not followed when a symlink) and its stat.
struct ContainerEntry {
  UniqueFd fd;
  struct stat st {};
};

// What `abs_path` (container_abs_path) names: its directories resolved inside the root, its last
// element not followed unless the path ends in "/" or "/.". Throws dockerd's "Could not find the
// file PATH in container REF" or "lstat PATH: not a directory".
ContainerEntry find_in_container(const CopyView& view, const std::string& abs_path,
                                 const std::string& ref);
// Like find_in_container, nullopt where it throws.
std::optional<ContainerEntry> try_find_in_container(const CopyView& view,
                                                    const std::string& abs_path);
// The target of the symlink `entry`, made absolute against the directory of `abs_path` that holds
// it.
std::string container_link_target(const ContainerEntry& entry, const std::string& abs_path);

// The directory to extract into: every symlink followed inside the root, the last one too.
// Throws dockerd's "Could not find the file" and "extraction point is not a directory".
UniqueFd open_extraction_dir(const CopyView& view, const std::string& abs_path,
                             const std::string& ref);

// docker's checks of a local destination before anything is copied: its directory must exist,
// and it must not be a device.
void validate_output_path(const std::string& abs_path);

// A local destination after docker's CopyInfoDestinationPath: a symlink at its end followed (up
// to 10 times), its parent required to be a directory.
struct LocalDestination {
  std::string path;
  bool exists = false;
  bool is_dir = false;
};
LocalDestination local_destination(const std::string& abs_path);

// A local source after docker's CopyInfoSourcePath: symlinks in its directories followed, the
// last one too with -L (the archive then keeps the name given).
struct LocalSource {
  UniqueFd fd;  // O_PATH, not followed when a symlink
  std::string path;
  bool is_dir = false;
  std::string rebase_name;
};
LocalSource local_source(const std::string& abs_path, bool follow_link);

}  // namespace berth::engine

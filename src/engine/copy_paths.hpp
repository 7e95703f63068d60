// docker cp's path rules as plain functions: which side is the container's, how a path is made
// absolute without losing what its ending asserts ("/" a directory, "/." its contents), and where
// the copy lands given what exists at either end (docker's archive.PrepareArchiveCopy).
//
//   SRC a file       DEST missing        -> a file named DEST (DEST/ is "no such directory")
//                    DEST a file         -> overwritten
//                    DEST a directory    -> DEST/<basename of SRC>
//   SRC a directory  DEST missing        -> DEST, a copy of SRC
//                    DEST a file         -> "cannot copy directory"
//                    DEST a directory    -> DEST/<basename of SRC>, or with SRC/. its contents
//
// No file is touched here: the callers stat both ends and act on the plan.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/container_record.hpp"

namespace berth::engine {

// One argument of `cp`: "CONTAINER:PATH" or a local path (absolute, "./x:y", or without ':').
struct CopyEndpoint {
  std::string container;  // empty: a local path
  std::string path;
};
CopyEndpoint split_copy_arg(std::string_view arg);

// Go's filepath.Base and Dir of an absolute path, as docker applies them.
std::string path_base(std::string_view path);
std::string path_dir(std::string_view path);
bool has_trailing_separator(std::string_view path);
// The path names a directory's contents: its last element is ".".
bool specifies_current_dir(std::string_view path);
// `cleaned` with the "/" or "/." that ended `original` put back (cleaning drops them).
std::string preserve_trailing_dot_or_separator(const std::string& cleaned,
                                               std::string_view original);
// The directory holding the entry `path` names, and the entry: "/d/." gives ("/d", ".").
std::pair<std::string, std::string> split_path_dir_entry(std::string_view path);

// A container path made absolute and cleaned, its ending kept: "tmp//x/" -> "/tmp/x/".
std::string container_abs_path(std::string_view path);
// A local path made absolute against `cwd`, its ending kept.
std::string local_abs_path(std::string_view path, std::string_view cwd);

// When a symlink `path` resolved to `resolved`, the resolved path with `path`'s ending and the
// name the archive's top entry must take so that the copy keeps the name the user gave (empty
// when it already has it): docker's archive.GetRebaseName.
std::pair<std::string, std::string> rebase_name(std::string_view path, std::string resolved);

// What is known of one end of a copy.
struct CopyInfo {
  std::string path;
  bool exists = false;
  bool is_dir = false;
  std::string rebase_name;  // the source's archive name when it differs from path's base
};

// Where the archive of the source is extracted, and the name its top entry takes there.
struct CopyPlacement {
  std::string dest_dir;
  std::string top_name;
};

// The source archived as `source_name` (the base of its path, or its rebase name) and
// extracted as the plan says; throws docker's "cannot copy directory" and "no such directory".
CopyPlacement place_copy(const CopyInfo& src, const std::string& source_name, const CopyInfo& dst);

// docker's refusal to write into a read-only volume or a read-only rootfs: `abs_path` is the
// directory extracted into, symlinks resolved. The deepest bind or volume holding it decides.
std::optional<std::string> read_only_refusal(const std::vector<MountSpec>& mounts,
                                             bool read_only_rootfs, const std::string& abs_path);

// Go's os.FileMode check behind "must be a directory or a regular file": "got a device" for a
// device node, else nothing.
std::optional<std::string> output_mode_refusal(mode_t mode);

}  // namespace berth::engine

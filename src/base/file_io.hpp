// Whole-file reads and crash-safe writes (temp file, fsync, rename).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "base/unique_fd.hpp"

namespace berth {

// Reads all of `path`; throws Error naming the path.
std::string read_file(const std::string& path);
// Reads all of an open fd from its current offset.
std::string read_fd(int fd);
enum class Durability {
  kSurvivesPowerLoss,  // fsync before rename: for records that outlive a reboot (--root of berth)
  kSurvivesCrash,      // rename only: state changes of such records (ext4 still flushes the new
                       // data when it replaces a file by rename, so a power cut leaves old or new)
  kLiveState,          // for files a reboot makes moot (runtime state, bundles): swapped in with
                       // RENAME_EXCHANGE, which skips that flush (~0.5 ms a write on ext4 here)
};

// Writes `data` to `path` atomically: a reader sees the old content or the new, never a mix.
void write_file_atomic(const std::string& path, std::string_view data, unsigned mode = 0644,
                       Durability durability = Durability::kSurvivesPowerLoss);
// Writes `data` to an existing file (cgroup knobs, /proc files): one write(2), no truncation dance.
void write_file(const std::string& path, std::string_view data);
// Writes all of `data` to `fd`, retrying short writes and EINTR.
void write_all(int fd, std::string_view data);
// Creates `path` and its parents with `mode`; existing directories are fine.
void mkdir_all(const std::string& path, unsigned mode = 0755);
// An anonymous in-memory file (memfd, close-on-exec) to collect a child's output in: unlike a
// pipe it needs no reader while the child runs. Throws Error naming `name`.
UniqueFd make_memfd(const char* name);
// All of such a file, read from its start; "" for an invalid fd.
std::string read_from_start(const UniqueFd& fd);
// A pipe with both ends close-on-exec: {read end, write end}.
std::pair<UniqueFd, UniqueFd> make_pipe();
// True when `path` exists (lstat).
bool path_exists(const std::string& path);

}  // namespace berth

// CVE-2019-5736: run from a read-only view of our own binary before entering a container: a
// detached read-only overlay of its directory (pages shared with the file), or where the kernel
// cannot make one, a sealed in-memory copy.
#pragma once

#include "base/unique_fd.hpp"

namespace berth::runtime {

// If /proc/self/exe is not already read-only (a read-only overlay or a sealed memfd), re-executes
// from such a view of the binary with the same argv and environment. A process inside the
// container that opens /proc/<our pid>/exe then reaches only a read-only file, never a writable
// binary on the host. Returns only when already running from one.
void ensure_sealed_self(char** argv, char** envp);
// Opens such a read-only view of the binary at `path` (O_CLOEXEC), for a caller that executes it
// itself, e.g. through posix_spawn and /proc/self/fd/N.
UniqueFd open_sealed_view(const char* path);
// Executes the binary at `path` through such a read-only view (for a helper binary that will be
// the parent of a container's init, such as berth-monitor). Returns only by throwing.
[[noreturn]] void exec_sealed_copy(const char* path, char** argv, char** envp);

}  // namespace berth::runtime

// CVE-2019-5736: run from a sealed in-memory copy of our own binary before entering a container.
#pragma once

namespace berth::runtime {

// If /proc/self/exe is not already a sealed memfd, copies the binary into one, seals it against
// every write, and re-executes from it with the same argv and environment. A process inside
// the container that opens /proc/<our pid>/exe then reaches only the read-only copy, never the
// binary on the host. Returns only when already running from the sealed copy.
void ensure_sealed_self(char** argv, char** envp);
// Executes a sealed in-memory copy of the binary at `path` (for a helper binary that will be
// the parent of a container's init, such as berth-monitor). Returns only by throwing.
[[noreturn]] void exec_sealed_copy(const char* path, char** argv, char** envp);

}  // namespace berth::runtime

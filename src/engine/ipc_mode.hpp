// --ipc: which IPC namespace a container gets and what its /dev/shm is (design.md's table).
#pragma once

#include <string>
#include <string_view>

namespace berth::engine {

enum class IpcKind {
  kShareable,  // new namespace, own /dev/shm (a tmpfs kept under the container's dir), joinable
  kPrivate,    // new namespace, own /dev/shm, not joinable
  kNone,       // new namespace, no /dev/shm, not joinable
  kContainer,  // the target container's namespace and /dev/shm
  kHost,       // the host's namespace and /dev/shm
  kPath,       // ns:<path>: the namespace file given, own /dev/shm
};

struct IpcMode {
  IpcKind kind = IpcKind::kShareable;
  std::string target;  // container name or id (kContainer), namespace file (kPath)

  // Owns its IPC namespace: IPC sysctls and /dev/mqueue apply, others cannot be joined unless
  // shareable.
  bool owns_namespace() const { return kind == IpcKind::kShareable || kind == IpcKind::kPrivate || kind == IpcKind::kNone; }
  // Has a /dev/shm of its own, sized by --shm-size.
  bool owns_shm() const { return kind == IpcKind::kShareable || kind == IpcKind::kPrivate || kind == IpcKind::kPath; }
  bool joinable() const { return kind == IpcKind::kShareable; }
  // Docker's spelling, as HostConfig.IpcMode shows it.
  std::string to_string() const;
};

// Parses a --ipc value ("" means `default_mode`). Throws Error (exit 125) with docker's wording
// for an unknown mode: invalid IPC mode: <value>.
IpcMode parse_ipc_mode(std::string_view value, std::string_view default_mode = "shareable");

// Docker's default --shm-size: 64 MiB.
inline constexpr long long kDefaultShmSize = 64LL * 1024 * 1024;

}  // namespace berth::engine

// The IPC objects' fixed names and keys, so that two containers find the same object.
//
// SysV keys are fixed numbers rather than ftok() results: ftok needs a file both sides see,
// and the FROM-scratch image has none to share. 0x0c6 is the book's chapter 6.
//
//   channel        SysV key (msg, shm, sem)   POSIX name (mqueue, /dev/shm)   spin-floor
//   demo           0x0c600000                 /ch6_ipc                        -
//   bench ping     0x0c600001                 /ch6_ipc.ping                   /ch6_ipc_spin.ping
//   bench pong     0x0c600002                 /ch6_ipc.pong                   /ch6_ipc_spin.pong
//   spin page      -                          -                               /ch6_ipc_spin
#pragma once

#include <sys/types.h>

#include <string>

#include "transport.hpp"

namespace ch6_ipc {

inline constexpr key_t kSysvKeyBase = 0x0c600000;
inline constexpr const char* kSpinPageName = "/ch6_ipc_spin";

inline key_t sysv_key(ChannelId id) { return kSysvKeyBase + static_cast<key_t>(id); }

inline std::string posix_name(TransportKind kind, ChannelId id) {
  std::string base = kind == TransportKind::kSpinFloor ? "/ch6_ipc_spin" : "/ch6_ipc";
  switch (id) {
    case ChannelId::kDemo:
      return base;
    case ChannelId::kBenchPing:
      return base + ".ping";
    case ChannelId::kBenchPong:
      return base + ".pong";
  }
  return base;
}

}  // namespace ch6_ipc

// Helpers shared by the SysV transports: creating an object afresh at a fixed key.
#pragma once

#include <fmt/core.h>
#include <sys/ipc.h>
#include <sys/types.h>

#include <cerrno>
#include <string>

namespace ch6_ipc {

// "0x0c600000", as ipcs prints keys.
inline std::string key_text(key_t key) { return fmt::format("{:#010x}", key); }

// Creates the object with mode 0666 (SysV modes ignore the umask). An object left at the key by a
// killed producer is removed first, so nobody reads its stale contents. get(flags) calls the
// xxxget function for the key (flags 0: look up the existing one); remove(id) removes one.
template <typename Get, typename Remove>
int create_sysv_object(Get get, Remove remove) {
  constexpr int kCreate = IPC_CREAT | IPC_EXCL | 0666;
  int id = get(kCreate);
  if (id < 0 && errno == EEXIST) {
    if (int stale = get(0); stale >= 0) remove(stale);
    id = get(kCreate);
  }
  return id;
}

}  // namespace ch6_ipc

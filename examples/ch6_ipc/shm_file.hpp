// A /dev/shm file (shm_open) mapped shared, for the posix-shm ring and the spin-floor page.
#pragma once

#include <cstddef>
#include <string>

#include "error.hpp"

namespace ch6_ipc {

// Creates the file afresh (a stale one left by a killed process is replaced) with mode 0666
// whatever the umask, sizes it and maps it. Nothing is left behind on failure.
Result<void*> create_shm_file(const std::string& name, std::size_t size);

// Opens and maps an existing file. Waits up to kRingSetupGrace for its creator to size it:
// touching a mapping beyond the file's end would fault.
Result<void*> open_shm_file(const std::string& name, std::size_t size);

}  // namespace ch6_ipc

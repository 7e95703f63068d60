// Docker's exit code for a process that could not be started (run, start, exec).
#pragma once

#include "base/error.hpp"

namespace berth::engine {

// 127 when the command is not found, 126 when it cannot be invoked, else the error's own code
// (125 for an engine error). The runtime's init reports its exec failure as text (it crossed
// the sync socket, or came from an external runtime's log), so the code is read from the
// words, as moby's daemon does.
int start_failure_code(const Error& e);

}  // namespace berth::engine

// SIGTERM and SIGINT ask a process that owns IPC objects to stop, so it can remove them.
#pragma once

#include <chrono>

namespace ch6_ipc {

// Stoppable waits sleep at most this long at a time, then check stop_requested(). A signal
// interrupts a blocking call (no SA_RESTART), but one that lands between the check and the call
// would otherwise be noticed only at the next message.
inline constexpr std::chrono::milliseconds kStopPoll{200};

// Installs handlers for SIGTERM and SIGINT that set the stop flag.
void install_stop_handlers();
bool stop_requested();

}  // namespace ch6_ipc
